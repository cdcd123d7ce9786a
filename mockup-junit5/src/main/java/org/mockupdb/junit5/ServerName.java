package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tells several servers of one test apart: parameters with the same name share a server, and a
 * {@code MongoClient} parameter with a name connects to the server of that name.
 *
 * <pre>{@code
 * @Test
 * void failover(@ServerName("primary") MockupServer primary, @ServerName("secondary") MockupServer secondary) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface ServerName {
    String value();
}
