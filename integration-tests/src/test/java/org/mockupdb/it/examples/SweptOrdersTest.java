package org.mockupdb.it.examples;

// The README's fault sweep with JUnit 5, run by Maven as any test class: a clean run, then one run
// per recorded request (insert, find) and fault (hang-up, reset, stall, cut), each named for it.

// README: sweep-junit5
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.util.List;
import org.bson.Document;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Spec;
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.FaultSweep;
import org.mockupdb.junit5.MockupDB;

@MockupDB
class SweptOrdersTest {
    @FaultSweep(deadline = "5s")                           // runs: "clean run", "hang-up at request 1 of 2: insert on connection 2", ...
    @ClientSettings(uriOptions = "socketTimeoutMS=1000")   // the driver gives up on a stalled reply after a second
    void insertThenFind(MockupServer server, MongoClient client) {
        server.autoResponds("insert", Reply.ok("n", 1));
        server.servesCursor(Spec.command("find", "orders"), List.of(new Document("_id", 1)), 10);
        MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
        try {
            orders.insertOne(new Document("_id", 1));
            assertEquals(new Document("_id", 1), orders.find().first());   // a find is retried: it must succeed
        } catch (MongoSocketException e) {
            // the insert of a standalone is not retried: an error is what it should do; a hang is not
        }
    }
}
// README: end
