package org.mockupdb.junit5.examples;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/**
 * A wire-version matrix that starts below the driver's minimum: in the refused run the client call
 * fails on its thread and the test's receives() gets nothing; the driver's message must come first.
 */
@MockupDB(requestTimeout = "1s")
@AutoRespond("ping")
public class RefusedExample {
    @WireVersions({7, 8})
    void find(MockupServer server, MongoClient client) {
        Recorder.record("refused", server);
        var find = Go.go(() -> client.getDatabase("db").getCollection("c").find().first());
        server.receives(Spec.command("find", "c")).ok(new Document("cursor",
                new Document("id", 0L).append("ns", "db.c").append("firstBatch", java.util.List.of())));
        find.get();
    }

    /** Without from: where the driver on the class path starts (4.2 for driver 5.x). */
    @ServerVersions(to = "4.4")
    void fromWhereTheDriverStarts(MongoClient client) {
        client.getDatabase("admin").runCommand(new Document("ping", 1));
    }

    /** Without to: from here to 25, the newest the server announces by default. */
    @WireVersions(from = 24)
    void toTheNewest(MockupServer server) {
        Recorder.record("refused:newest", server);
    }
}
