package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupDB;

/** Failing tests: their servers' conversations must be attached to the failures. */
@MockupDB(requestTimeout = "5s")
public class FailingExample {

    @BeforeEach
    void beforeEach(MockupServer server, TestInfo info) {
        Recorder.record("failing", server);
        if (info.getDisplayName().startsWith("failsInBeforeEach")) {
            throw new IllegalStateException("setup broke");
        }
    }

    @Test
    void failsAfterAConversation(MockupServer server, MongoClient client) {
        MongoCollection<Document> collection = client.getDatabase("shop").getCollection("orders");
        var insert = Go.go(() -> collection.insertOne(new Document("_id", 42).append("item", "teapot")));
        server.receives(Spec.command("insert", "orders")).ok(new Document("n", 1));
        insert.get();
        Go.go(() -> collection.find(new Document("item", "kettle")).first());
        assertTrue(server.got(Spec.command("find", "orders")), "the find arrived");
        fail("the test gives up with the find unanswered");
    }

    @Test
    void failsInBeforeEach(MockupServer server) {
        fail("never runs");
    }

    @Test
    @org.mockupdb.junit5.AutoRespond("ping")
    void failsWithTwoServers(MockupServer plain, @org.mockupdb.junit5.ServerName("other") MockupServer other,
                             MongoClient client) {
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        assertEquals(1, 2, "a failing assertion");
    }
}
