package org.mockupdb.junit5.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.junit5.ServerName;

/** What a server or client is made for: a parameter or a field, with its annotations and a description. */
interface InjectionPoint {
    <A extends Annotation> Optional<A> find(Class<A> type);

    <A extends Annotation> List<A> findRepeatable(Class<A> type);

    /** For messages: {@code parameter 0 (MockupServer server) of method T.m()} or {@code field server of class T}. */
    String describe();

    Class<?> type();

    /** The {@link ServerName} it asks for, {@code ""} without one. */
    default String serverName() {
        return find(ServerName.class).map(ServerName::value).orElse("");
    }

    static InjectionPoint of(ParameterContext parameter) {
        return new InjectionPoint() {
            @Override
            public <A extends Annotation> Optional<A> find(Class<A> type) {
                return parameter.findAnnotation(type);
            }

            @Override
            public <A extends Annotation> List<A> findRepeatable(Class<A> type) {
                return parameter.findRepeatableAnnotations(type);
            }

            @Override
            public String describe() {
                Parameter p = parameter.getParameter();
                Executable e = parameter.getDeclaringExecutable();
                String owner = e instanceof Method m ? "method " + m.getDeclaringClass().getName() + "." + m.getName()
                        + "()" : "constructor of " + e.getDeclaringClass().getName();
                return "parameter " + parameter.getIndex() + " (" + p.getType().getSimpleName()
                        + (p.isNamePresent() ? " " + p.getName() : "") + ") of " + owner;
            }

            @Override
            public Class<?> type() {
                return parameter.getParameter().getType();
            }
        };
    }

    static InjectionPoint of(Field field) {
        return new InjectionPoint() {
            @Override
            public <A extends Annotation> Optional<A> find(Class<A> type) {
                return AnnotationSupport.findAnnotation(field, type);
            }

            @Override
            public <A extends Annotation> List<A> findRepeatable(Class<A> type) {
                return AnnotationSupport.findRepeatableAnnotations(field, type);
            }

            @Override
            public String describe() {
                return (java.lang.reflect.Modifier.isStatic(field.getModifiers()) ? "static field " : "field ")
                        + field.getName() + " of class " + field.getDeclaringClass().getName();
            }

            @Override
            public Class<?> type() {
                return field.getType();
            }
        };
    }
}
