package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockupdb.junit5.internal.MockupDBExtension;

/**
 * Injects started {@link org.mockupdb.MockupServer}s (and, with mongodb-driver-sync on the
 * class path, {@code MongoClient}s connected to them) into test parameters.
 *
 * <p>A server parameter of a test method, or of its {@code @BeforeEach}/{@code @AfterEach}
 * methods, is one server per test; a parameter of the constructor or of a {@code @BeforeAll}
 * method is one server per class. Every server is stopped when its scope ends, whatever the
 * outcome. When a test fails, the conversation of its servers is attached to the failure.
 *
 * <pre>{@code
 * @MockupDB
 * @AutoRespond("ping")
 * class InsertTest {
 *     @Test
 *     void insert(MockupServer server, MongoClient client) { ... }
 * }
 * }</pre>
 *
 * <p>Configure with {@link AutoRespond}, {@link MaxWireVersion}, {@link MinWireVersion} and this
 * annotation's elements, on the class, the method or the parameter: the nearest wins, and
 * {@code @Nested} classes inherit from their enclosing classes.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(MockupDBExtension.class)
public @interface MockupDB {

    /** How long {@code receives()} waits by default: "10s", "500ms", "2m" or ISO-8601 "PT10S". */
    String requestTimeout() default "10s";

    /** Whether the server answers hello and isMaster by itself. */
    boolean autoHello() default true;

    /** Whether the server prints its conversation to standard error as it happens. */
    boolean verbose() default false;
}
