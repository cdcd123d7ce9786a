package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;

/** Faults beyond a hang-up: a reset, a reply cut short, a reply that comes too late. */
class FaultsTest {
    private MockupServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = new MockupServer().start();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.readTimeout(1, TimeUnit.SECONDS))
                .build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private Outcome<Document> ping() {
        return Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
    }

    @Test
    void aResetIsReadAsAConnectionReset() {
        Outcome<Document> ping = ping();
        server.receives("ping").reset();
        MongoSocketReadException e = assertThrows(MongoSocketReadException.class, ping::get);
        assertTrue(String.valueOf(e.getCause()).contains("Connection reset"), String.valueOf(e.getCause()));
    }

    @Test
    void aReplyCutShortIsAPrematureEndOfStream() {
        Outcome<Document> ping = ping();
        server.receives("ping").reply(Reply.ok().cutAfter(20));
        MongoSocketReadException e = assertThrows(MongoSocketReadException.class, ping::get);
        assertTrue(e.getMessage().contains("Prematurely reached end of stream"), e.getMessage());
        assertTrue(server.transcript().contains("cut after 20 of"), server.transcript());
    }

    @Test
    void aReplyLaterThanTheReadTimeoutTimesTheClientOut() {
        Outcome<Document> ping = ping();
        long start = System.nanoTime();
        server.receives("ping").reply(Reply.ok().delayedBy(Duration.ofSeconds(5)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 500, "reply() returns at once");
        Throwable e = ping.failure(Duration.ofSeconds(4)).orElseThrow();
        assertInstanceOf(MongoSocketReadTimeoutException.class, e);
    }

    @Test
    void aReplyWithinTheReadTimeoutArrives() {
        Outcome<Document> ping = ping();
        server.receives("ping").reply(Reply.ok("late", true).delayedBy(Duration.ofMillis(200)));
        assertEquals(true, ping.get().getBoolean("late"));
    }
}
