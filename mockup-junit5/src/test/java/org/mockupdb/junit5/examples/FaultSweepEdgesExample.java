package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.FaultSweep;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.WireVersions;

/** @FaultSweep where there is nothing to sweep, or it is misused; run by FaultSweepTest. */
@MockupDB
public class FaultSweepEdgesExample {

    /** Fails clean: nothing is swept. */
    @FaultSweep(deadline = "5s")
    void failsClean(MockupServer server, MongoClient client) {
        server.autoResponds("ping");
        client.getDatabase("db").runCommand(new Document("ping", 1));
        fail("broken before any fault");
    }

    /** No server: nothing to sweep. */
    @FaultSweep
    void noServer() {
    }

    @FaultSweep
    @WireVersions({8, 25})
    void withWireVersions(MockupServer server) {
    }
}
