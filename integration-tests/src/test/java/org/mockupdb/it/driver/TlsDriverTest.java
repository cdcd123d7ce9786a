package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.Outcome;

/** The Java driver over TLS with the shipped test certificate. */
class TlsDriverTest {
    private static final int READ_TIMEOUT_SECONDS = 20;

    private static MongoClient tlsClient(MockupServer server) {
        // Without retryReads=false the driver would retry listCollections on a new connection after the hang-up.
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri() + "&retryReads=false"))
                .applyToSslSettings(ssl -> ssl.context(MockupTls.clientContext()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.readTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .build());
    }

    @Test
    void theDriverTalksTlsAndTheServerSeesItsCommands() {
        try (MockupServer server = MockupServer.builder().tls().start(); MongoClient client = tlsClient(server)) {
            Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
            server.receives("ping").ok(new Document("over", "tls"));
            assertEquals("tls", ping.get().getString("over"));
        }
    }

    @Test
    void aHangUpOnListCollectionsOverTlsIsSeenAtOnceNotAfterTheReadTimeout() {
        try (MockupServer server = MockupServer.builder().tls().start(); MongoClient client = tlsClient(server)) {
            Outcome<List<String>> names = Go.go(
                    () -> client.getDatabase("db").listCollectionNames().into(new ArrayList<>()));
            long start = System.nanoTime();
            server.receives("listCollections").hangUp();
            MongoSocketReadException e = assertThrows(MongoSocketReadException.class, names::get);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(READ_TIMEOUT_SECONDS).dividedBy(4)) < 0,
                    "the driver noticed the hang-up in " + took + ", expected well under its "
                            + READ_TIMEOUT_SECONDS + " s read timeout: " + e);
        }
    }

    @Test
    void aDriverWithoutTlsCannotReachATlsServerAndTheServerSaysWhy() {
        try (MockupServer server = MockupServer.builder().tls().start();
             MongoClient plain = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString("mongodb://" + server.address()))
                     .applyToClusterSettings(b -> b.serverSelectionTimeout(1, TimeUnit.SECONDS))
                     .build())) {
            assertThrows(MongoTimeoutException.class,
                    () -> plain.getDatabase("admin").runCommand(new Document("ping", 1)));
            assertTrue(server.protocolErrors().get(0).message().contains("speaking plain MongoDB to a server "
                    + "started with TLS"), server.protocolErrors().toString());
        }
    }
}
