package org.mockupdb.junit5;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.internal.ConfigParameters;
import org.mockupdb.junit5.internal.DriverClients;
import org.mockupdb.junit5.internal.Leftovers;
import org.mockupdb.junit5.internal.ServerConversation;

/**
 * The programmatic form of {@link MockupDB}, for {@code @RegisterExtension}: one server built with any
 * {@link MockupServer.Builder} setting, and on demand a {@code MongoClient} connected to it.
 *
 * <pre>{@code
 * class OrdersTest {
 *     @RegisterExtension
 *     static MockupServerExtension mockup = MockupServerExtension.builder()
 *             .server(b -> b.tls().requestTimeout(Duration.ofSeconds(3)).journalLimit(1000))
 *             .client(settings -> settings.retryReads(false))
 *             .build();
 *
 *     @Test
 *     void find() {
 *         mockup.server().autoResponds("ping");
 *         mockup.client().getDatabase("admin").runCommand(new Document("ping", 1));
 *     }
 * }
 * }</pre>
 *
 * <p>Scope, as JUnit's own extensions: in a static field, the server starts before all tests of the
 * class (and its {@code @Nested} classes) and stops after them; in an instance field, it starts before
 * each test and stops after it.
 * The client is made the first time {@link #client()} is called and closed before the server stops.
 *
 * <p>Defaults come from the JUnit configuration parameters {@value MockupDB#REQUEST_TIMEOUT} and
 * {@value MockupDB#VERBOSE}, applied before the builder's own settings, which win; and
 * {@value MockupDB#FAIL_ON_UNHANDLED}, unless {@link Builder#failOnUnhandled(boolean)} is called. As with
 * {@link MockupDB}: a failing test gets the conversation attached (or the driver's own exception first
 * when it refused the server), and a test that passed fails when the server holds requests the test
 * never took or errors no {@code receives()} reported (on by default; see {@link MockupDB#failOnUnhandled()}).
 *
 * <p>Authentication: the server gets users as any {@link MockupServer.Builder} setting, and the client
 * their credentials through a customizer (the counterpart of {@link User}):
 *
 * <pre>{@code
 * MockupServerExtension.builder()
 *         .server(b -> b.user("alice", "secret"))
 *         .client(settings -> settings.credential(
 *                 MongoCredential.createCredential("alice", "admin", "secret".toCharArray())))
 *         .build();
 * }</pre>
 *
 * <p>Use it instead of {@link MockupDB}, not with it: it injects no parameters, so the two do not compete.
 */
public final class MockupServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private final List<Consumer<MockupServer.Builder>> serverSettings;
    private final Boolean failOnUnhandled;
    private final String uriOptions;
    private final List<MongoClientCustomizer> customizers;

    private final Object lock = new Object();
    private MockupServer server;
    private AutoCloseable client;
    private Leftovers leftovers;
    private String owner;
    private boolean failOnUnhandledNow;

    /** An extension with a server of the default settings (and the configuration parameters'). */
    public MockupServerExtension() {
        this(new Builder());
    }

    private MockupServerExtension(Builder builder) {
        this.serverSettings = List.copyOf(builder.serverSettings);
        this.failOnUnhandled = builder.failOnUnhandled;
        this.uriOptions = builder.uriOptions;
        this.customizers = List.copyOf(builder.customizers);
    }

    /**
     * A builder for an extension with other settings.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The running server.
     *
     * @return the server of the current scope
     * @throws IllegalStateException outside its scope: before {@code @BeforeAll} for a static field, before
     *                               {@code @BeforeEach} for an instance field, or after it stopped
     */
    public MockupServer server() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException("expected the server of " + this + " to be running, but it is not: "
                        + "it runs from @BeforeAll to @AfterAll (static field) or from @BeforeEach to @AfterEach "
                        + "(instance field)");
            }
            return server;
        }
    }

    /**
     * A client connected to the server, made on the first call: 2 seconds to select the server or
     * connect, a read timeout of the server's request timeout plus 5 seconds, the test certificate
     * trusted under TLS, then {@link Builder#clientUriOptions(String)} and {@link Builder#client}'s
     * customizers. Closed before the server stops. Needs mongodb-driver-sync on the class path.
     *
     * @return the client of the current scope's server
     */
    public com.mongodb.client.MongoClient client() {
        synchronized (lock) {
            MockupServer s = server();
            if (client == null) {
                client = DriverClients.connect(s, uriOptions, customizers);
            }
            return (com.mongodb.client.MongoClient) client;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the class's server, unless one runs already (a {@code @Nested} class inherits its enclosing class's). */
    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    /** Starts the test's server, unless the class's runs. */
    @Override
    public void beforeEach(ExtensionContext context) {
        start(context);
    }

    private void start(ExtensionContext context) {
        synchronized (lock) {
            if (server != null) {
                return;
            }
        }
        MockupServer.Builder builder = MockupServer.builder();
        ConfigParameters.requestTimeout(context).ifPresent(builder::requestTimeout);
        ConfigParameters.bool(context, MockupDB.VERBOSE).ifPresent(builder::verbose);
        for (Consumer<MockupServer.Builder> settings : serverSettings) {
            settings.accept(builder);
        }
        boolean fail = failOnUnhandled != null ? failOnUnhandled
                : ConfigParameters.bool(context, MockupDB.FAIL_ON_UNHANDLED).orElse(true);
        MockupServer started = builder.start();
        synchronized (lock) {
            server = started;
            client = null;
            leftovers = new Leftovers();
            owner = context.getUniqueId();
            failOnUnhandledNow = fail;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        after(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        after(context);
    }

    /** Checks for leftovers, then stops the server if this context started it. */
    private void after(ExtensionContext context) throws Exception {
        boolean owned;
        synchronized (lock) {
            owned = server != null && context.getUniqueId().equals(owner);
        }
        try {
            checkLeftovers(context);
        } finally {
            if (owned) {
                stop();
            }
        }
    }

    private void checkLeftovers(ExtensionContext context) {
        MockupServer s;
        Leftovers l;
        boolean fail;
        synchronized (lock) {
            s = server;
            l = leftovers;
            fail = failOnUnhandledNow;
        }
        if (s == null) {
            return;
        }
        Leftovers.Found found = l.take(s);
        if (fail && context.getExecutionException().isEmpty() && !found.isEmpty()) {
            throw Leftovers.failure(List.of(new Leftovers.Section(title(s), found, s.transcript())),
                    "MockupServerExtension.builder().failOnUnhandled(false) or the configuration parameter "
                            + MockupDB.FAIL_ON_UNHANDLED + "=false");
        }
    }

    /** Closes the client, then stops the server. */
    private void stop() throws Exception {
        MockupServer s;
        AutoCloseable c;
        synchronized (lock) {
            s = server;
            c = client;
            server = null;
            client = null;
        }
        try {
            if (c != null) {
                c.close();
            }
        } finally {
            if (s != null) {
                s.stop();
            }
        }
    }

    private static String title(MockupServer server) {
        return "MockupServer at " + server.address() + " (made by MockupServerExtension)";
    }

    // ------------------------------------------------------------------ failures

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withConversation(throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(throwable);
    }

    private Throwable withConversation(Throwable failure) {
        MockupServer s;
        Object c;
        synchronized (lock) {
            s = server;
            c = client;
        }
        if (s == null) {
            return failure;
        }
        Throwable thrown = failure;
        if (c != null && !DriverClients.isRefusal(failure)) {
            Optional<RuntimeException> refusal = DriverClients.refusal(c);
            if (refusal.isPresent()) {
                thrown = refusal.get();
                thrown.addSuppressed(failure);
            }
        }
        String title = "conversation of " + title(s) + ":";
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (suppressed instanceof ServerConversation && suppressed.getMessage().startsWith(title)) {
                return thrown;
            }
        }
        thrown.addSuppressed(ServerConversation.of(title, s));
        return thrown;
    }

    @Override
    public String toString() {
        return "MockupServerExtension";
    }

    /** Settings for a {@link MockupServerExtension}. */
    public static final class Builder {
        private final List<Consumer<MockupServer.Builder>> serverSettings = new ArrayList<>();
        private Boolean failOnUnhandled;
        private String uriOptions = "";
        private final List<MongoClientCustomizer> customizers = new ArrayList<>();

        private Builder() {
        }

        /**
         * Settings of the server: {@code settings} is given the {@link MockupServer.Builder} before each
         * server is built, after the configuration parameters' defaults. Calls add up, in order.
         *
         * @param settings changes to the server's builder, such as {@code b -> b.tls()}
         * @return this builder
         */
        public Builder server(Consumer<MockupServer.Builder> settings) {
            serverSettings.add(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Whether a test that passed fails when the server holds requests the test never took or
         * errors no {@code receives()} reported; see {@link MockupDB#failOnUnhandled()}. Unless called, the
         * configuration parameter {@value MockupDB#FAIL_ON_UNHANDLED} decides, and without it true.
         *
         * @param fail whether to fail such a test
         * @return this builder
         */
        public Builder failOnUnhandled(boolean fail) {
            this.failOnUnhandled = fail;
            return this;
        }

        /**
         * Connection-string options of the client, as after the {@code ?} of a URI.
         *
         * @param options such as {@code "retryReads=false&appName=x"}
         * @return this builder
         */
        public Builder clientUriOptions(String options) {
            this.uriOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Changes the client's settings before it is made; calls add up, in order, after the URI options.
         *
         * @param customizer changes to the client's settings builder
         * @return this builder
         */
        public Builder client(MongoClientCustomizer customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * The extension.
         *
         * @return an extension with these settings
         */
        public MockupServerExtension build() {
            return new MockupServerExtension(this);
        }
    }
}
