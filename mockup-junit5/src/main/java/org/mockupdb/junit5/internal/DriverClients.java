package org.mockupdb.junit5.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoIncompatibleDriverException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ServerDescription;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.MockupUser;
import org.mockupdb.junit5.MongoClientCustomizer;

/**
 * Everything that touches mongodb-driver-sync, kept apart so that the extension loads without
 * the driver: this class is loaded only when a client is asked for, or a test failed with one.
 */
public final class DriverClients {
    /** The name of the client type, to recognize it without loading it (a constant: copied where used). */
    public static final String MONGO_CLIENT = "com.mongodb.client.MongoClient";
    private static final long SERVER_SELECTION_TIMEOUT_MS = 2_000;
    private static final long CONNECT_TIMEOUT_MS = 2_000;
    /** How much longer than the server's request timeout an injected client waits for a reply. */
    public static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);

    private DriverClients() {
    }

    /** The lowest maxWireVersion the driver on the class path talks to: 8 (MongoDB 4.2) for driver 5.x. */
    static int minWireVersion() {
        return ServerDescription.MIN_DRIVER_WIRE_VERSION;
    }

    /**
     * A client of this server: the connection string {@code server.uri()} with {@code uriOptions}
     * (may be empty); unless those set them, 2 seconds to select the server or to connect and a read
     * timeout of the server's request timeout plus {@link #READ_TIMEOUT_MARGIN}, so that a call on the
     * test thread never blocks for ever; the test certificate trusted when the server serves TLS; then
     * each customizer, in order.
     */
    public static AutoCloseable connect(MockupServer server, String uriOptions,
                                        List<? extends MongoClientCustomizer> customizers) {
        return connect(server, uriOptions, null, customizers);
    }

    /**
     * {@link #connect(MockupServer, String, List)} with the credentials of {@code user} (null: none)
     * set before the customizers, which may replace them.
     */
    static AutoCloseable connect(MockupServer server, String uriOptions, UserCredential user,
                                 List<? extends MongoClientCustomizer> customizers) {
        return connect(server.uri(), server.requestTimeout(), server.isTls(), uriOptions, user, customizers);
    }

    /**
     * {@link #connect(MockupServer, String, List)} for a server, or a topology's members, known by
     * their connection string ({@code mongodb://h1,h2/?replicaSet=rs}), request timeout and whether they
     * serve TLS (then {@code tls=true} is added unless the string or {@code uriOptions} say otherwise).
     */
    public static AutoCloseable connect(String serverUri, Duration requestTimeout, boolean tls, String uriOptions,
                                        List<? extends MongoClientCustomizer> customizers) {
        return connect(serverUri, requestTimeout, tls, uriOptions, null, customizers);
    }

    static AutoCloseable connect(String serverUri, Duration requestTimeout, boolean tls, String uriOptions,
                                 UserCredential user, List<? extends MongoClientCustomizer> customizers) {
        String base = tls && !serverUri.contains("tls=") && !serverUri.contains("ssl=")
                && !uriOptions.contains("tls=") && !uriOptions.contains("ssl=")
                ? withOptions(serverUri, "tls=true") : serverUri;
        ConnectionString uri = new ConnectionString(withOptions(base, uriOptions));
        long readTimeoutMs = Math.min(Integer.MAX_VALUE,
                requestTimeout.plus(READ_TIMEOUT_MARGIN).toMillis());
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applyToClusterSettings(cluster -> {
                    if (uri.getServerSelectionTimeout() == null) {
                        cluster.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    }
                })
                .applyToSocketSettings(socket -> {
                    if (uri.getConnectTimeout() == null) {
                        socket.connectTimeout((int) CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    }
                    if (uri.getSocketTimeout() == null) {
                        socket.readTimeout((int) readTimeoutMs, TimeUnit.MILLISECONDS);
                    }
                })
                .applyToSslSettings(ssl -> {
                    if (tls) {
                        ssl.context(MockupTls.clientContext());
                    }
                });
        if (user != null) {
            settings.credential(credential(user));
        }
        for (MongoClientCustomizer customizer : customizers) {
            customizer.customize(settings);
        }
        return MongoClients.create(settings.build());
    }

    /** {@link #connect(MockupServer, String, List)} with the customizers of {@code config} instantiated. */
    static AutoCloseable connect(MockupServer server, ClientConfig config) {
        List<MongoClientCustomizer> customizers = config.customizers().stream()
                .map(DriverClients::instantiate).map(MongoClientCustomizer.class::cast).toList();
        return connect(server, config.uriOptions(), config.user(), customizers);
    }

    /**
     * The driver's credential for a SCRAM user: the mechanism's own when the user has exactly one,
     * else the driver's default (it negotiates from the server's saslSupportedMechs).
     */
    static MongoCredential credential(UserCredential user) {
        char[] password = user.password().toCharArray();
        if (user.mechanisms().size() == 1) {
            return switch (user.mechanisms().get(0)) {
                case MockupUser.SCRAM_SHA_1 -> MongoCredential.createScramSha1Credential(user.name(), user.database(),
                        password);
                case MockupUser.SCRAM_SHA_256 -> MongoCredential.createScramSha256Credential(user.name(),
                        user.database(), password);
                default -> MongoCredential.createCredential(user.name(), user.database(), password);
            };
        }
        return MongoCredential.createCredential(user.name(), user.database(), password);
    }

    /** A client of the whole topology: every member a seed, with the settings of an injected client. */
    static AutoCloseable connect(Topology topology, ClientConfig config) {
        List<MongoClientCustomizer> customizers = config.customizers().stream()
                .map(DriverClients::instantiate).map(MongoClientCustomizer.class::cast).toList();
        return connect(topology.uri(), topology.requestTimeout(), topology.isTls(), config.uriOptions(), config.user(),
                customizers);
    }

    private static Object instantiate(Class<? extends MongoClientCustomizer> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExtensionConfigurationException("@ClientSettings: expected customizer " + type.getName()
                    + " to have a constructor without parameters (a static nested class will do), got none", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException("@ClientSettings: expected to make customizer "
                    + type.getName() + ", but its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("@ClientSettings: expected to make customizer "
                    + type.getName() + ", but it failed: " + e, e);
        }
    }

    static String withOptions(String uri, String options) {
        if (options.isEmpty()) {
            return uri;
        }
        if (uri.contains("?")) {
            return uri + "&" + options;
        }
        return uri + (uri.endsWith("/") ? "?" : "/?") + options;
    }

    /**
     * When the driver refused to talk to the server of {@code client} (its wire versions are out of
     * the driver's range), the driver's own exception saying so; empty otherwise. Asking for it
     * selects a server and sends nothing: an incompatible cluster fails selection at once.
     */
    public static Optional<RuntimeException> refusal(Object client) {
        if (!(client instanceof MongoClient c)) {
            return Optional.empty();
        }
        try {
            if (c.getClusterDescription().isCompatibleWithDriver()) {
                return Optional.empty();
            }
            c.getDatabase("admin").runCommand(new Document("ping", 1));
            return Optional.empty();
        } catch (MongoIncompatibleDriverException e) {
            return Optional.of(e);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code failure} is, or was caused by, the driver refusing a server. */
    public static boolean isRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoIncompatibleDriverException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
