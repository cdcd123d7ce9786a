package org.mockupdb.junit5.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;

/**
 * Everything that touches mongodb-driver-sync, kept apart so that the extension loads without
 * the driver: this class is loaded only when a parameter's type is {@code MongoClient}.
 */
final class DriverClients {
    static final String MONGO_CLIENT = "com.mongodb.client.MongoClient";
    private static final long SERVER_SELECTION_TIMEOUT_MS = 2_000;
    private static final long CONNECT_TIMEOUT_MS = 2_000;

    private DriverClients() {
    }

    /** A client of this server that gives up selecting it, or connecting, after 2 seconds. */
    static AutoCloseable connect(MockupServer server) {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT_MS,
                        TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout((int) CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .applyToSslSettings(ssl -> {
                    if (server.isTls()) {
                        ssl.context(MockupTls.clientContext());
                    }
                })
                .build();
        return MongoClients.create(settings);
    }
}
