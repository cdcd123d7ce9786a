package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockupdb.junit5.internal.MockupDBExtension;

/**
 * Runs the test once per wire version, each run named {@code maxWireVersion=N}, with every
 * server of the test (not those of the class) announcing that {@code maxWireVersion}. Give
 * the versions one by one, or a range with {@link #from()} and {@link #to()}, not both.
 *
 * <pre>{@code
 * @WireVersions({6, 7, 8, 25})
 * void find(MockupServer server, MongoClient client) { ... }
 *
 * @WireVersions(from = 6, to = 9)
 * void findInRange(MockupServer server, MongoClient client) { ... }
 * }</pre>
 *
 * <p>The annotated method needs no {@code @Test}: this makes it a test template.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(MockupDBExtension.class)
public @interface WireVersions {
    /** {@return the wire versions, one run each, in this order} */
    int[] value() default {};

    /** {@return the first of a range of wire versions, inclusive; with {@link #to()}} */
    int from() default -1;

    /** {@return the last of a range of wire versions, inclusive; with {@link #from()}} */
    int to() default -1;
}
