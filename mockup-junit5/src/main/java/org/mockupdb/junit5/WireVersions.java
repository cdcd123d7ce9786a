package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockupdb.junit5.internal.MockupDBExtension;
import org.mockupdb.junit5.internal.WireVersionTemplate;

/**
 * Runs the test once per maxWireVersion, each run's servers configured with it and named
 * {@code maxWireVersion=N}. Name versions with {@link #value()}, a range with {@link #from()} and
 * {@link #to()}, or both.
 *
 * <pre>{@code
 * @WireVersions({6, 7, 17, 21})
 * void acrossVersions(MockupServer server) { ... }
 *
 * @WireVersions(from = 6, to = 9)
 * void acrossARange(MockupServer server) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith({MockupDBExtension.class, WireVersionTemplate.class})
public @interface WireVersions {

    /** The versions to run, in order. */
    int[] value() default {};

    /** The first version of a range, inclusive; used with {@link #to()}. */
    int from() default -1;

    /** The last version of a range, inclusive; used with {@link #from()}. */
    int to() default -1;
}
