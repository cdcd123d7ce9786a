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
 * Like {@link WireVersions}, naming MongoDB server releases instead of wire versions: each run
 * is named {@code maxWireVersion=N (MongoDB X.Y)}. The releases known are 3.6 (wire version 6),
 * 4.0 (7), 4.2 (8), 4.4 (9), 5.0 (13), 6.0 (17), 7.0 (21) and 8.0 (25). The Java driver 5.x talks
 * to 4.2 and later only: in a run below that, the driver refuses the server, and a test that fails there fails with
 * the driver's {@code MongoIncompatibleDriverException} first.
 *
 * <pre>{@code
 * @ServerVersions({"4.2", "8.0"})
 * void find(MockupServer server, MongoClient client) { ... }
 *
 * @ServerVersions(from = "4.2", to = "7.0")      // 4.2, 4.4, 5.0, 6.0 and 7.0
 * void findOnEach(MockupServer server, MongoClient client) { ... }
 *
 * @ServerVersions                                 // every release the driver on the class path supports
 * void findOnEveryRelease(MockupServer server, MongoClient client) { ... }
 * }</pre>
 *
 * <p>Without {@link #from()}, a range starts at the oldest release the driver on the class path talks
 * to (4.2 for driver 5.x; 3.6 without the driver); without {@link #to()}, it ends at 8.0.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(MockupDBExtension.class)
public @interface ServerVersions {
    /** {@return the releases, such as {@code "4.2"}, one run each, in this order} */
    String[] value() default {};

    /** The first known release of a range, inclusive; the oldest the driver supports when left out. */
    String from() default "";

    /** The last known release of a range, inclusive; the newest known when left out. */
    String to() default "";
}
