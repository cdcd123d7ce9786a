package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupDB;

/** Tests that leave requests or errors behind, and tests that do not. */
@MockupDB(requestTimeout = "5s")
public class LeftoversExample {

    /** Provokes a find and looks at it, but never takes it. */
    @Test
    void leavesAFind(MockupServer server, MongoClient client) {
        Recorder.record("leftovers", server);
        Go.go(() -> client.getDatabase("shop").getCollection("orders").find(new Document("item", "kettle")).first());
        assertTrue(server.got(Spec.command("find", "orders")), "the find arrived");
    }

    /** A responder throws (the request then waits in the queue); the test does not wait for the client. */
    @Test
    void responderThrows(MockupServer server, MongoClient client) {
        Recorder.record("leftovers", server);
        server.autoResponds("ping", request -> {
            throw new IllegalStateException("the responder broke");
        });
        Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // a responder that threw passes the request on: the error is recorded, then the request queued
        while (server.protocolErrors().isEmpty() || server.pendingRequests().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "expected the responder's error and the ping queued within 5 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    @MockupDB(failOnUnhandled = false)
    void leavesAFindSwitchedOff(MockupServer server, MongoClient client) {
        Recorder.record("leftovers", server);
        Go.go(() -> client.getDatabase("shop").getCollection("orders").find().first());
        assertTrue(server.got(Spec.command("find", "orders")), "the find arrived");
    }

    /** Leaves a find and fails on its own: its own failure stays. */
    @Test
    void failsOnItsOwn(MockupServer server, MongoClient client) {
        Recorder.record("leftovers", server);
        Go.go(() -> client.getDatabase("shop").getCollection("orders").find().first());
        assertTrue(server.got(Spec.command("find", "orders")), "the find arrived");
        fail("the test's own failure");
    }

    @Test
    void takesEverything(MockupServer server, MongoClient client) {
        Recorder.record("leftovers", server);
        var count = Go.go(() -> client.getDatabase("shop").runCommand(new Document("count", "orders")));
        server.receives("count").ok(new Document("n", 2));
        count.get();
    }

    /** A server shared by a class: each leftover is blamed on the test that left it, once. */
    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Shared {
        @MockupDB
        static MockupServer shared;

        @Test
        @Order(1)
        void leavesARequestOnTheSharedServer() {
            Recorder.record("shared", shared);
            Go.go(() -> {
                try (MongoClient c = com.mongodb.client.MongoClients.create(shared.uri())) {
                    return c.getDatabase("admin").runCommand(new Document("buildInfo", 1));
                }
            });
            assertTrue(shared.got(Spec.command("buildInfo")), "the buildInfo arrived");
        }

        @Test
        @Order(2)
        void isNotBlamedForTheFirstTestsRequest() {
            assertTrue(shared.isRunning());
        }
    }
}
