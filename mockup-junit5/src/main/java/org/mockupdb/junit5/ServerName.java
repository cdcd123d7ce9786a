package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the server a parameter or field gets, to have several in one scope; parameters and fields
 * with the same name in the same scope share one server, and a {@code MongoClient} parameter or
 * field with a name is connected to the server of that name.
 *
 * <pre>{@code
 * @Test
 * void failover(@ServerName("primary") MockupServer primary, @ServerName("secondary") MockupServer secondary) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
public @interface ServerName {
    /** The name; a parameter or field without {@code @ServerName} gets the server named {@code ""}. */
    String value();
}
