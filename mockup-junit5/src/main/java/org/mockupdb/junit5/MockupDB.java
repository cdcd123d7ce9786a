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
 * Injects started {@link org.mockupdb.MockupServer}s (and {@code MongoClient}s connected to them) into
 * test parameters and fields, and stops them when their scope ends, also when the test fails.
 *
 * <pre>{@code
 * @MockupDB
 * class InsertTest {
 *     @MockupDB static MockupServer shared;     // one server for the class
 *     @MockupDB MockupServer server;            // one server per test
 *     @MockupDB MongoClient client;             // connected to this test's server
 *
 *     @Test
 *     void insert(MockupServer sameServer) { ... }   // the field's server: same scope, same name
 * }
 * }</pre>
 *
 * <p>Scopes, as JUnit's {@code @TempDir}: an instance field, a parameter of a test method and of its
 * {@code @BeforeEach} and {@code @AfterEach} methods get the same server for the whole test, a new one
 * for the next test. A static field, a parameter of the constructor or of a {@code @BeforeAll} method
 * get a server shared by the whole class. Several servers in one scope are told apart with
 * {@link ServerName}. A {@code com.mongodb.client.MongoClient} field or parameter (when mongodb-driver-sync
 * is on the class path) gets a client connected to the server of the same scope and name, configured by
 * {@link ClientSettings}, and closed before that server stops. An injected field must not be final.
 * A {@link org.mockupdb.MockupReplicaSet} or {@link org.mockupdb.MockupShardedCluster} field or parameter
 * gets a started topology in the same scopes, shaped by {@link ReplicaSet} or {@link ShardedCluster};
 * a {@code MongoClient} of its scope and name connects to the whole topology.
 *
 * <p>Settings: each attribute left out here is taken from the nearest {@code @MockupDB} that sets it
 * (field or parameter, method, class, enclosing class), then from the JUnit configuration parameters
 * {@value #REQUEST_TIMEOUT}, {@value #VERBOSE} and {@value #FAIL_ON_UNHANDLED} (in
 * {@code junit-platform.properties} or the launcher's configuration), then from the defaults written
 * below. The boolean attributes are arrays only so that "not set" can be told from {@code false}: write
 * {@code @MockupDB(verbose = true)}.
 *
 * <p>When a test or one of its lifecycle methods fails, the conversation of every server in its
 * scope (each request and reply, per connection, and the requests the test never received) is
 * added to the failure as a suppressed exception, so that it prints under the failure in the IDE
 * and in Maven's output, and is published as a report entry. When the driver refused to talk to a
 * server (a {@link WireVersions} run below the driver's minimum), the driver's own
 * {@code MongoIncompatibleDriverException} is thrown instead, with the test's failure suppressed under it.
 *
 * <p>After a test that passed, a request left in a server's queue that the test never took, or an
 * error that no {@code receives()} reported (a responder that threw, a client that broke the protocol
 * after the last {@code receives()}), fails the test with the server's conversation; see
 * {@link #failOnUnhandled()}.
 *
 * @see MockupServerExtension the programmatic form, for every {@link org.mockupdb.MockupServer.Builder} setting
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
@ExtendWith(MockupDBExtension.class)
public @interface MockupDB {
    /** The configuration parameter for {@link #requestTimeout()}'s default, such as {@code 5s}. */
    String REQUEST_TIMEOUT = "mockupdb.requestTimeout";

    /** The configuration parameter for {@link #verbose()}'s default, {@code true} or {@code false}. */
    String VERBOSE = "mockupdb.verbose";

    /** The configuration parameter for {@link #failOnUnhandled()}'s default, {@code true} or {@code false}. */
    String FAIL_ON_UNHANDLED = "mockupdb.failOnUnhandled";

    /**
     * {@return how long {@code server.receives()} waits for a request: a number with a unit, {@code "500ms"},
     * {@code "10s"} or {@code "2m"}, or an ISO-8601 duration such as {@code "PT1.5S"}} Unset (empty), the
     * configuration parameter {@value #REQUEST_TIMEOUT} applies, and without it 10 seconds. An injected
     * {@code MongoClient} waits 5 seconds longer than this for a reply before giving up.
     */
    String requestTimeout() default "";

    /** {@return whether the server answers {@code hello} and {@code isMaster} by itself} True unless set. */
    boolean[] autoHello() default {};

    /**
     * {@return whether the server prints its conversation to standard error as it happens} Unset, the
     * configuration parameter {@value #VERBOSE} applies, and without it false.
     */
    boolean[] verbose() default {};

    /**
     * {@return whether the server serves over TLS with the shipped test certificate
     * ({@link org.mockupdb.MockupServer.Builder#tls()})} An injected {@code MongoClient} then trusts it
     * through {@link org.mockupdb.MockupTls#clientContext()}. False unless set.
     */
    boolean[] tls() default {};

    /**
     * {@return whether a test that passed fails when, after it (and after its {@code @AfterEach} methods), the
     * server holds requests the test never took ({@code server.pendingRequests()}) or errors no
     * {@code receives()} reported ({@code server.unreportedErrors()})} The failure names them and
     * carries the conversation. A test that failed on its own keeps its own failure. Unset, the
     * configuration parameter {@value #FAIL_ON_UNHANDLED} applies, and without it true.
     *
     * <p>On by default because either one means the test passed without seeing what happened: a
     * request nobody answered is a client still waiting (or one the code under test sent that the
     * test did not expect), and a responder that threw sent the client an error the test never
     * looked at. A careful test takes every request it provokes; one that means to leave a request
     * unanswered (to test a client's timeout, say) can still take it with {@code server.receives()}
     * and not reply, or switch this off.
     */
    boolean[] failOnUnhandled() default {};
}
