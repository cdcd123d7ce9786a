package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.Request;
import org.mockupdb.Responder;
import org.mockupdb.Spec;

/** servesCursor answers find/aggregate, the getMores after them, and killCursors, as a server would. */
class ServedCursorTest {
    private MockupServer server;
    private MongoClient client;
    private MongoCollection<Document> coll;

    @BeforeEach
    void start() {
        server = new MockupServer().start();
        client = Clients.connect(server);
        coll = client.getDatabase("db").getCollection("coll");
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    @Test
    void aFindReadsEveryDocumentInOrderAcrossBatches() {
        List<Document> docs = DriverConversationTest.docs(1, 2, 3, 4, 5, 6, 7);
        server.servesCursor(Spec.command("find", "coll"), docs, 101);
        assertEquals(docs, coll.find().batchSize(3).into(new ArrayList<>()));
        List<Request> getMores = server.requests().stream().filter(r -> r.matches(Spec.command("getMore"))).toList();
        assertEquals(2, getMores.size(), "7 documents in batches of 3: the first batch and two getMores");
    }

    @Test
    void anAggregateUsesTheDefaultBatchSize() {
        List<Document> docs = DriverConversationTest.docs(1, 2, 3);
        server.servesCursor(Spec.command("aggregate", "coll"), docs, 2);
        assertEquals(docs, coll.aggregate(List.of(new Document("$match", new Document()))).into(new ArrayList<>()));
        assertEquals(1, server.requests().stream().filter(r -> r.matches(Spec.command("getMore"))).count());
    }

    @Test
    void closingACursorEarlyKillsIt() {
        Responder cursor = server.servesCursor(Spec.command("find"), DriverConversationTest.docs(1, 2, 3, 4), 2);
        try (MongoCursor<Document> it = coll.find().batchSize(2).iterator()) {
            assertEquals(new Document("_id", 1), it.next());
        }
        Request kill = server.requests().stream().filter(r -> r.matches(Spec.command("killCursors", "coll")))
                .findFirst().orElseThrow(() -> new AssertionError("no killCursors in " + server.requests()));
        assertEquals(1, kill.body().getArray("cursors").size());
        cursor.cancel();
        assertFalse(cursor.isActive());
    }
}
