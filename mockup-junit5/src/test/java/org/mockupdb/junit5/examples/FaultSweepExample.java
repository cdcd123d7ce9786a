package org.mockupdb.junit5.examples;

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

/** Fault sweeps over an insert and a find; run by FaultSweepTest with the engine test kit. */
@MockupDB
public class FaultSweepExample {

    private static void insertThenFind(MockupServer server, MongoClient client, String key) {
        Recorder.record(key, server);
        server.autoResponds("insert", Reply.ok("n", 1));
        server.servesCursor(Spec.command("find", "c"), List.of(new Document("_id", 1)), 10);
        MongoCollection<Document> c = client.getDatabase("db").getCollection("c");
        try {
            c.insertOne(new Document("_id", 1));
            assertEquals(new Document("_id", 1), c.find().first());
        } catch (MongoSocketException e) {
            // The driver reports the fault: what a client should do when it cannot retry.
        }
    }

    /** A client that gives up after a second: every fault ends in time. */
    @FaultSweep(deadline = "5s")
    @ClientSettings(uriOptions = "socketTimeoutMS=1000")
    void timely(MockupServer server, MongoClient client) {
        insertThenFind(server, client, "timely");
    }

    /** A client with no read timeout: a stalled server holds it until the deadline. */
    @FaultSweep(faults = org.mockupdb.FaultSweeper.Kind.STALL, deadline = "2s")
    @ClientSettings(uriOptions = "socketTimeoutMS=0")
    void patient(MockupServer server, MongoClient client) {
        insertThenFind(server, client, "patient");
    }
}
