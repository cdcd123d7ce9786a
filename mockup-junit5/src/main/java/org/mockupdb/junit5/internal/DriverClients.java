package org.mockupdb.junit5.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.mockupdb.MockupServer;

/**
 * The only class that touches the driver: loaded when a test asks for a MongoClient, so the
 * extension works without mongodb-driver-sync on the class path.
 */
final class DriverClients {
    static final String MONGO_CLIENT = "com.mongodb.client.MongoClient";

    private DriverClients() {
    }

    /** A client of this server with short timeouts, so a test that goes wrong fails fast. */
    static AutoCloseable connect(MockupServer server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS))
                .build());
    }
}
