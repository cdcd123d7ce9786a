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
 * server of the test (parameters and instance fields, not those of the class) announcing that
 * {@code maxWireVersion}. Give the versions one by one, or a range with {@link #from()} and
 * {@link #to()}, not both.
 *
 * <pre>{@code
 * @WireVersions({8, 25})                 // MongoDB 4.2 and 8.0
 * void find(MockupServer server, MongoClient client) { ... }
 *
 * @WireVersions(from = 8, to = 13)       // 4.2 to 5.0, the rapid releases between included
 * void findInRange(MockupServer server, MongoClient client) { ... }
 * }</pre>
 *
 * <p>Without {@link #from()}, a range starts at the lowest wire version the driver on the class path
 * talks to (8, MongoDB 4.2, for driver 5.x; 6 without the driver); without {@link #to()}, it ends at
 * {@link org.mockupdb.MockupServer#DEFAULT_MAX_WIRE_VERSION} (25). In a run below the driver's minimum,
 * the driver refuses the server, and a test that fails there fails with the driver's
 * {@code MongoIncompatibleDriverException} first, its own failure suppressed under it.
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

    /** The first of a range of wire versions, inclusive; where the driver starts when left out. */
    int from() default -1;

    /** The last of a range of wire versions, inclusive; 25 when left out. */
    int to() default -1;
}
