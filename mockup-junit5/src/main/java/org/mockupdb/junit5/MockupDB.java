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
 * Injects started {@link org.mockupdb.MockupServer}s into test parameters and stops them when
 * their scope ends, also when the test fails.
 *
 * <pre>{@code
 * @MockupDB
 * class InsertTest {
 *     @Test
 *     void insert(MockupServer server, MongoClient client) { ... }
 * }
 * }</pre>
 *
 * <p>Scopes: a parameter of a test method, of its {@code @BeforeEach} and {@code @AfterEach}
 * methods, gets the same server for the whole test, a new one for the next test. A parameter of the
 * constructor or of a {@code @BeforeAll} method gets a server shared by the whole class. Several
 * servers in one scope are told apart with {@link ServerName}. A {@code com.mongodb.client.MongoClient}
 * parameter (when mongodb-driver-sync is on the classpath) gets a client connected to the server of
 * the same scope and name, closed before that server stops.
 *
 * <p>When a test or one of its lifecycle methods fails, the conversation of every server in its
 * scope (each request and reply, per connection, and the requests the test never received) is
 * added to the failure as a suppressed exception, so that it prints under the failure in the IDE
 * and in Maven's output, and is published as a report entry.
 *
 * <p>The settings here apply to the servers in the annotated scope. When {@code @MockupDB} is
 * present at several levels (class, method, parameter), the nearest annotation wins as a whole.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@ExtendWith(MockupDBExtension.class)
public @interface MockupDB {
    /**
     * How long {@code server.receives()} waits for a request: a number with a unit, {@code "500ms"},
     * {@code "10s"} or {@code "2m"}, or an ISO-8601 duration such as {@code "PT1.5S"}. 10 seconds by default.
     *
     * @return the timeout as text
     */
    String requestTimeout() default "10s";

    /** {@return whether the server answers {@code hello} and {@code isMaster} by itself; true by default} */
    boolean autoHello() default true;

    /** {@return whether the server prints its conversation to standard error as it happens; false by default} */
    boolean verbose() default false;

    /**
     * Whether the server serves over TLS with the shipped test certificate
     * ({@link org.mockupdb.MockupServer.Builder#tls()}); an injected {@code MongoClient} then trusts it
     * through {@link org.mockupdb.MockupTls#clientContext()}. False by default.
     *
     * @return whether the server serves TLS
     */
    boolean tls() default false;
}
