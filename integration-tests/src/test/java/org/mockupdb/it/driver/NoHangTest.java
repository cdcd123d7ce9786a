package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * No test hangs: a request that no responder matches and the test never receives is answered by
 * the server after the request timeout, with an error naming the nearest responder, even for a
 * client with no read timeout called on the test thread. And error replies carry the labels
 * mongod adds, so the driver retries as it would against mongod.
 */
class NoHangTest {

    /** A client that would wait for ever for a reply: no socket read timeout at all. */
    private static MongoClient patientClient(MockupServer server) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.readTimeout(0, TimeUnit.SECONDS))
                .retryReads(false)
                .build());
    }

    @Test
    void aNearMissOnTheTestThreadFailsWithinTheRequestTimeoutNamingWhyItMissed() {
        try (MockupServer server = MockupServer.builder().requestTimeout(Duration.ofMillis(500)).start();
             MongoClient client = patientClient(server)) {
            server.servesCursor(Spec.command("find", "orders").withField("filter", new Document("status", "new")),
                    List.of(new Document("_id", 1)), 10);
            long start = System.nanoTime();
            MongoCommandException e = assertThrows(MongoCommandException.class, () -> client.getDatabase("shop")
                    .getCollection("orders").find(Filters.and(Filters.eq("status", "new"), Filters.gt("n", 1)))
                    .first());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms < 5_000, "unblocked after " + ms + " ms");
            assertTrue(e.getErrorMessage().startsWith("MockupDB answered this request itself after it waited 500 ms "
                    + "(the request timeout): no responder matched it and the test did not receive it."),
                    e.getErrorMessage());
            assertTrue(e.getErrorMessage().contains("Nearest responder: command {\"find\": \"orders\", \"filter\": "
                    + "{\"status\": \"new\"}}: field 'filter.status' is missing, expected \"new\""),
                    e.getErrorMessage());
            assertEquals(1, server.unreportedErrors().size(), "the test is told too: " + server.unreportedErrors());
            assertTrue(server.pendingRequests().isEmpty());
        }
    }

    /** Drivers retry writes only on replica sets and sharded clusters: this one plays a mongos. */
    private static MockupServer mongos() {
        return MockupServer.builder().helloField("msg", "isdbgrid").start();
    }

    @Test
    void aRetryableWriteMeetingNotPrimaryIsRetriedOnceBecauseTheErrorCarriesMongodsLabel() {
        try (MockupServer server = mongos(); MongoClient client = Clients.connect(server)) {
            Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .insertOne(new Document("_id", 1)));
            Request first = server.receives(Spec.command("insert"));
            first.reply(Reply.notWritablePrimary());
            Request retry = server.receives(Spec.command("insert"));
            assertEquals(first.body().get("lsid"), retry.body().get("lsid"));
            assertEquals(first.body().get("txnNumber"), retry.body().get("txnNumber"));
            retry.ok(new Document("n", 1));
            insert.get();
        }
    }

    @Test
    void withoutTheLabelTheSameErrorIsNotRetried() {
        try (MockupServer server = mongos(); MongoClient client = Clients.connect(server)) {
            Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .insertOne(new Document("_id", 1)));
            server.receives(Spec.command("insert")).reply(Reply.notWritablePrimary().withErrorLabels());
            assertEquals(10107, assertThrows(com.mongodb.MongoException.class, insert::get).getCode());
            assertTrue(!server.got(Spec.command("insert"), Duration.ofMillis(500)), "not retried: "
                    + server.pendingRequests());
        }
    }
}
