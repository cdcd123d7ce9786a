package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the injected server answer every command of this name by itself, as
 * {@link org.mockupdb.MockupServer#autoResponds(String, org.bson.conversions.Bson)} does.
 * Repeatable; annotations on the class, the method and the parameter all apply, the nearest
 * tried first.
 *
 * <pre>{@code
 * @AutoRespond("ping")
 * @AutoRespond(value = "count", reply = "{\"n\": 3}")
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Repeatable(AutoResponds.class)
public @interface AutoRespond {

    /** The command name, matched case-insensitively. */
    String value();

    /** The reply's fields as relaxed Extended JSON; {@code ok: 1} is added unless given. Empty: {@code {ok: 1}}. */
    String reply() default "";
}
