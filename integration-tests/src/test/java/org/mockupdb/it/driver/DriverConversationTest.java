package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoIncompatibleDriverException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.result.InsertOneResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonInt32;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.Command;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.OpCode;
import org.mockupdb.OpMsg;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/** Black-pipe tests of the official Java driver against the core server. */
class DriverConversationTest {
    private MockupServer server;
    private MongoClient client;
    private MongoCollection<Document> collection;

    @BeforeEach
    void start() {
        server = new MockupServer().start();
        client = Clients.connect(server);
        collection = client.getDatabase("db").getCollection("coll");
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    @Test
    void anInsertArrivesAsOpMsgWithItsDocumentsAndOkCompletesIt() {
        Outcome<InsertOneResult> insert = Go.go(() -> collection.insertOne(new Document("_id", 1).append("x", "y")));
        Request request = server.receives(Spec.command("insert", "coll").inDatabase("db")
                .withField("ordered", true)
                .withField("documents", List.of(new Document("_id", 1).append("x", "y"))));
        OpMsg msg = assertInstanceOf(OpMsg.class, request);
        assertEquals(List.of("documents"), List.copyOf(msg.documentSequences().keySet()),
                "the driver sends the documents as a kind-1 sequence");
        request.ok(new Document("n", 1));
        InsertOneResult result = insert.get();
        assertTrue(result.wasAcknowledged());
        assertEquals(new BsonInt32(1), result.getInsertedId());
    }

    @Test
    void aDuplicateKeyCommandErrorBecomesTheDriversError() {
        Outcome<InsertOneResult> insert = Go.go(() -> collection.insertOne(new Document("_id", 1)));
        server.receives("insert").commandError(11000, "E11000 duplicate key error collection: db.coll");
        MongoCommandException e = assertThrows(MongoCommandException.class, insert::get);
        assertEquals(11000, e.getErrorCode());
        assertEquals("DuplicateKey", e.getErrorCodeName());
        assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(e.getErrorCode()));
    }

    @Test
    void aDuplicateKeyWriteErrorBecomesAMongoWriteException() {
        Outcome<InsertOneResult> insert = Go.go(() -> collection.insertOne(new Document("_id", 1)));
        server.receives("insert").ok(new Document("n", 0).append("writeErrors", List.of(
                new Document("index", 0).append("code", 11000).append("errmsg", "E11000 duplicate key"))));
        MongoWriteException e = assertThrows(MongoWriteException.class, insert::get);
        assertEquals(ErrorCategory.DUPLICATE_KEY, e.getError().getCategory());
    }

    @Test
    void aHangUpMakesTheDriverThrowPromptly() {
        Outcome<InsertOneResult> insert = Go.go(() -> collection.insertOne(new Document("_id", 1)));
        Request request = server.receives("insert");
        long start = System.nanoTime();
        request.hangUp();
        MongoSocketException e = assertThrows(MongoSocketException.class, () -> insert.get(Duration.ofSeconds(15)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0,
                "the driver should notice the hang-up at once, well under its 20 s read timeout; took " + took);
        assertTrue(e.getMessage().contains("Prematurely reached end of stream")
                || e.getMessage().contains("reset"), e.getMessage());
    }

    @Test
    void aFindIsServedInBatchesByGetMores() {
        Outcome<List<Document>> find = Go.go(() -> collection.find(new Document("x", new Document("$gt", 0)))
                .batchSize(2).into(new ArrayList<>()));
        server.receives(Spec.command("find", "coll").withField("filter", new Document("x", new Document("$gt", 0)))
                .withField("batchSize", 2))
                .ok(cursor(42L, "firstBatch", docs(1, 2)));
        server.receives(Spec.command("getMore", 42L).withField("collection", "coll").withField("batchSize", 2))
                .ok(cursor(42L, "nextBatch", docs(3, 4)));
        server.receives(Spec.command("getMore", 42L)).ok(cursor(0L, "nextBatch", docs(5)));
        List<Document> all = find.get();
        assertEquals(docs(1, 2, 3, 4, 5), all);
    }

    @Test
    void theFirstHandshakeIsAnOpQueryIsMasterAndLaterCommandsAreOpMsg() {
        Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        Request request = server.receives(Spec.command("ping"));
        assertEquals(OpCode.OP_MSG, request.opCode());
        request.ok();
        ping.get();

        List<Request> journal = server.requests();
        Request first = journal.get(0);
        Command handshake = assertInstanceOf(Command.class, first);
        assertTrue(handshake.matches(Spec.command("isMaster").withOpCode(OpCode.OP_QUERY).inDatabase("admin")
                .withField("helloOk", true).withField("client", new Document("driver",
                        new Document("name", "mongo-java-driver|sync")))), first.toString());
        long handshakes = journal.stream().filter(r -> r.opCode() == OpCode.OP_QUERY).count();
        assertEquals(2, handshakes, "one OP_QUERY handshake per connection (monitor and pool): " + journal);
        assertFalse(journal.stream().anyMatch(r -> r.opCode() == OpCode.OP_QUERY && !r.matches(Spec.command("isMaster"))),
                "only the handshake uses OP_QUERY");
    }

    @Test
    void aMaxWireVersionBelowTheDriversMinimumIsIncompatible() {
        // A client of its own, connected after the change: the shared one's monitor may have
        // read the hello with the default version already, and would send the ping.
        server.setMaxWireVersion(7);
        try (MongoClient old = Clients.connect(server)) {
            MongoIncompatibleDriverException e = assertThrows(MongoIncompatibleDriverException.class,
                    () -> old.getDatabase("admin").runCommand(new Document("ping", 1)));
            assertTrue(e.getMessage().contains("wire version 7"), e.getMessage());
            assertTrue(e.getMessage().contains("requires at least 8"), e.getMessage());
        }
    }

    @Test
    void theDriversOwnExceptionIsRethrownUnchanged() {
        Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        server.receives("ping").commandError(13, "not authorized");
        MongoCommandException e = assertThrows(MongoCommandException.class, ping::get);
        assertEquals("Unauthorized", e.getErrorCodeName());
        assertTrue(ping.failure().orElseThrow() == e, "failure() returns the very same exception");
    }

    static Document cursor(long id, String batchName, List<Document> batch) {
        return new Document("cursor", new Document("id", id).append("ns", "db.coll").append(batchName, batch));
    }

    static List<Document> docs(int... ids) {
        List<Document> out = new ArrayList<>();
        for (int id : ids) {
            out.add(new Document("_id", id));
        }
        return out;
    }
}
