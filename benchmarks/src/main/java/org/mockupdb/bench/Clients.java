package org.mockupdb.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/** The driver as every figure uses it, with the settings the JUnit extension gives its clients. */
final class Clients {
    private static final Document PING = new Document("ping", 1);

    private Clients() {
    }

    static MongoClient create(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2_000, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2_000, TimeUnit.MILLISECONDS))
                .build());
    }

    static void ping(MongoClient client) {
        client.getDatabase("admin").runCommand(PING);
    }
}
