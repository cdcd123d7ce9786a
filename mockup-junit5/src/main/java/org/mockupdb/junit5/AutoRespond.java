package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the server answer every command of this name by itself, with {@code {ok: 1}} or with
 * the reply given as relaxed Extended JSON ({@code ok: 1} is added unless the reply sets
 * {@code ok} itself).
 *
 * <pre>{@code
 * @AutoRespond("ping")
 * @AutoRespond(value = "buildInfo", reply = "{version: '8.0.0', versionArray: [8, 0, 0, 0]}")
 * }</pre>
 *
 * <p>Repeatable. Unlike the other configuration annotations, they add up: those on the
 * enclosing classes, the class, the method and the parameter all apply, and the nearest is
 * consulted first, so a method's {@code @AutoRespond("count")} overrides the class's.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
@Repeatable(AutoResponds.class)
public @interface AutoRespond {
    /** {@return the command name, matched case-insensitively, such as {@code "ping"}} */
    String value();

    /** {@return the reply as a relaxed Extended JSON document; empty (the default) means {@code {ok: 1}}} */
    String reply() default "";
}
