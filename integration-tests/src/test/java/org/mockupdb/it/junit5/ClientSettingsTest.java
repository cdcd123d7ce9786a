package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.client.MongoClient;
import java.time.Duration;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.MongoClientCustomizer;

/** The injected client, configured by @ClientSettings, and its read timeout above the request timeout. */
@MockupDB(requestTimeout = "1s")
@ClientSettings(uriOptions = "appName=fromClass&retryWrites=false")
class ClientSettingsTest {
    @MockupDB
    MockupServer server;

    @MockupDB
    MongoClient client;

    /** Sets the application name, after the URI options. */
    static class NamedByCustomizer implements MongoClientCustomizer {
        @Override
        public void customize(MongoClientSettings.Builder settings) {
            settings.applicationName("fromCustomizer");
        }
    }

    private static String appName(MockupServer server) {
        BsonDocument handshake = server.requests().get(0).body();
        return handshake.getDocument("client").getDocument("application").getString("name").getValue();
    }

    @Test
    void classOptionsApply() {
        Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1)));
        Request request = server.receives(Spec.command("insert", "c"));
        assertTrue(!request.body().containsKey("txnNumber"), "retryWrites=false: no txnNumber, got " + request);
        request.ok(new Document("n", 1));
        insert.get();
        assertEquals("fromClass", appName(server));
    }

    @Test
    @ClientSettings(uriOptions = "appName=fromMethod")
    @AutoRespond("ping")
    void theNearerOptionWins() {
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        assertEquals("fromMethod", appName(server));
    }

    @Test
    @ClientSettings(customizers = NamedByCustomizer.class)
    @AutoRespond("ping")
    void customizersComeLast() {
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        assertEquals("fromCustomizer", appName(server));
    }

    /**
     * A responder takes a find called on the test thread and never answers it (so the server's own
     * answer to a request left waiting does not come): the client gives up after the request
     * timeout plus 5 seconds instead of blocking for ever. retryReads=false, or the driver retries once.
     */
    @Test
    @ClientSettings(uriOptions = "retryReads=false")
    void aClientCallOnTheTestThreadCannotBlockForEver() {
        server.autoResponds(Spec.command("find", "c"), request -> true);
        long start = System.nanoTime();
        assertThrows(MongoSocketReadTimeoutException.class,
                () -> client.getDatabase("db").getCollection("c").find().first());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(6)) >= 0 && took.compareTo(Duration.ofSeconds(20)) < 0,
                "expected the read to time out after 1 s + 5 s, took " + took);
    }
}
