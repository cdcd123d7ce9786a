package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code minWireVersion} the server announces in its hello reply; 0 without it.
 * The nearest annotation wins: field or parameter, then method, then class, then enclosing class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
public @interface MinWireVersion {
    /** {@return the wire version, 0 or more: 6 is MongoDB 3.6, 8 is 4.2, 17 is 6.0, 25 is 8.0} */
    int value();
}
