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
 * Runs the test once per MongoDB release, each run's servers answering hello with that
 * release's maxWireVersion; see {@link MongoRelease} for the releases known.
 *
 * <pre>{@code
 * @ServerVersions({"4.2", "6.0", "8.0"})
 * void acrossReleases(MockupServer server) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith({MockupDBExtension.class, WireVersionTemplate.class})
public @interface ServerVersions {

    /** Releases such as "3.6", "4.2", "8.0". */
    String[] value();
}
