package org.mockupdb.it.driver;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.mockupdb.MockupServer;

/** Driver clients with settings that make a failing test fail fast. */
final class Clients {
    private Clients() {
    }

    static MongoClient connect(MockupServer server) {
        return connect(server.uri());
    }

    static MongoClient connect(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS))
                .build());
    }
}
