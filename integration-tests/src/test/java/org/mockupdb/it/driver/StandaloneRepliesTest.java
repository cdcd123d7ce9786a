package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.InsertManyResult;
import com.mongodb.client.result.UpdateResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.Go;
import org.mockupdb.OpMsg;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.standalone.ShellReplies;
import org.mockupdb.standalone.internal.Main;

/** The standalone server's replies, in process, driven by the Java driver as a shell user would. */
class StandaloneRepliesTest {
    private MockupServer server;
    private MongoClient client;

    private MongoDatabase start(String... args) {
        stop();
        List<String> argv = new ArrayList<>(List.of("--port", "0", "--quiet"));
        argv.addAll(List.of(args));
        server = Main.configure(argv, System.out).start();
        client = Clients.connect(server);
        return client.getDatabase("db");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private Document admin(Document command) {
        return client.getDatabase("admin").runCommand(command);
    }

    @Test
    void buildInfoNamesTheVersionOfTheMaxWireVersion() {
        start();
        Document info = admin(new Document("buildInfo", 1));
        assertEquals("8.0.0", info.getString("version"));
        assertEquals(List.of(8, 0, 0, 0), info.getList("versionArray", Integer.class));
        start("--max-wire-version", "21");
        assertEquals("7.0.0", admin(new Document("buildinfo", 1)).getString("version"));
        assertEquals(new Document("version", "7.0"),
                admin(new Document("getParameter", 1).append("featureCompatibilityVersion", 1))
                        .get("featureCompatibilityVersion"));
    }

    @Test
    void findAndAggregateReturnEmptyCursorsTheDriverIterates() {
        MongoCollection<Document> coll = start().getCollection("coll");
        assertEquals(List.of(), coll.find(new Document("x", 1)).batchSize(2).into(new ArrayList<>()));
        assertEquals(List.of(), coll.aggregate(List.of(new Document("$match", new Document())))
                .into(new ArrayList<>()));
        assertNull(coll.find().first());
        assertEquals(0, coll.countDocuments());
        assertEquals(List.of(), coll.distinct("x", Integer.class).into(new ArrayList<>()));
        Request find = server.requests().stream().filter(r -> r.matches(Spec.command("find"))).findFirst()
                .orElseThrow();
        assertEquals("db.coll", find.namespace());
    }

    @Test
    void writesReplyWithTheirCounts() {
        MongoCollection<Document> coll = start().getCollection("coll");
        InsertManyResult inserted = coll.insertMany(List.of(new Document("_id", 1), new Document("_id", 2),
                new Document("_id", 3)));
        assertEquals(3, inserted.getInsertedIds().size());
        Request insert = server.requests().stream().filter(r -> r.matches(Spec.command("insert"))).findFirst()
                .orElseThrow();
        assertFalse(((OpMsg) insert).documentSequences().isEmpty(), "the driver sent a document sequence");

        UpdateResult updated = coll.updateMany(new Document(), new Document("$set", new Document("x", 1)));
        assertEquals(0, updated.getMatchedCount());
        assertEquals(0, updated.getModifiedCount());
        UpdateResult upserted = coll.updateOne(new Document("_id", 7), new Document("$set", new Document("x", 1)),
                new UpdateOptions().upsert(true));
        assertEquals(new BsonInt32(7), upserted.getUpsertedId());
        UpdateResult upsertedNewId = coll.updateOne(new Document("x", 2), new Document("$set", new Document("x", 3)),
                new UpdateOptions().upsert(true));
        assertTrue(upsertedNewId.getUpsertedId() instanceof BsonObjectId, String.valueOf(upsertedNewId));

        assertEquals(0, coll.deleteMany(new Document()).getDeletedCount());
        assertNull(coll.findOneAndUpdate(new Document("x", 1), new Document("$set", new Document("y", 1))));
        assertEquals("x_1", coll.createIndex(new Document("x", 1)));
    }

    @Test
    void listingsAreEmpty() {
        MongoDatabase db = start();
        assertEquals(List.of(), client.listDatabaseNames().into(new ArrayList<>()));
        assertEquals(List.of(), client.listDatabases().into(new ArrayList<>()));
        assertEquals(List.of(), db.listCollectionNames().into(new ArrayList<>()));
        assertEquals(List.of(), db.listCollections().into(new ArrayList<>()));
        assertEquals(List.of(), db.getCollection("coll").listIndexes().into(new ArrayList<>()));
    }

    @Test
    void whatAStandaloneMongodRefusesIsRefusedWithItsCode() {
        start();
        MongoCommandException atlas = assertThrows(MongoCommandException.class,
                () -> admin(new Document("atlasVersion", 1)));
        assertEquals(59, atlas.getErrorCode());
        assertEquals("CommandNotFound", atlas.getErrorCodeName());
        MongoCommandException replSet = assertThrows(MongoCommandException.class,
                () -> admin(new Document("replSetGetStatus", 1)));
        assertEquals(76, replSet.getErrorCode());
        assertEquals("NoReplicationEnabled", replSet.getErrorCodeName());
    }

    @Test
    void startUpCommandsGetPlausibleReplies() {
        start();
        Document log = admin(new Document("getLog", "startupWarnings"));
        assertEquals(0, log.getInteger("totalLinesWritten"));
        assertEquals(List.of(), log.getList("log", String.class));
        assertEquals(List.of("global", "startupWarnings"), admin(new Document("getLog", "*")).getList("names", String.class));
        Document opts = admin(new Document("getCmdLineOpts", 1));
        assertEquals(List.of("mockupdb", "--port", "0", "--quiet"), opts.getList("argv", String.class));
        assertEquals(server.port(), opts.get("parsed", Document.class).get("net", Document.class).getInteger("port"));
        Document host = admin(new Document("hostInfo", 1));
        assertTrue(host.get("system", Document.class).getInteger("numCores") > 0);
        Document status = admin(new Document("connectionStatus", 1));
        assertEquals(List.of(), status.get("authInfo", Document.class).getList("authenticatedUsers", Document.class));
        String you = admin(new Document("whatsmyuri", 1)).getString("you");
        assertTrue(you.matches("127\\.0\\.0\\.1:\\d+"), you);
        assertEquals("disabled", admin(new Document("getFreeMonitoringStatus", 1)).getString("state"));
        assertEquals("8.0.0", admin(new Document("serverStatus", 1)).getString("version"));
        assertEquals(1.0, admin(new Document("ping", 1)).get("ok", Number.class).doubleValue());
    }

    @Test
    void otherCommandsAreOkOrNotFound() {
        start();
        assertEquals(1.0, admin(new Document("anythingAtAll", 1)).get("ok", Number.class).doubleValue());
        start("--no-all-ok");
        MongoCommandException e = assertThrows(MongoCommandException.class, () -> admin(new Document("anythingAtAll", 1)));
        assertEquals(59, e.getErrorCode());
        assertEquals("8.0.0", admin(new Document("buildInfo", 1)).getString("version"), "known commands still answer");
    }

    @Test
    void anUnacknowledgedWriteGetsNoReply() {
        MongoCollection<Document> coll = start().getCollection("coll").withWriteConcern(WriteConcern.UNACKNOWLEDGED);
        coll.insertOne(new Document("_id", 1));
        // Had the server answered the moreToCome message, the ping would read that answer instead of its own.
        assertEquals(1.0, admin(new Document("ping", 1)).get("ok", Number.class).doubleValue());
        Request insert = server.requests().stream().filter(r -> r.matches(Spec.command("insert"))).findFirst()
                .orElseThrow();
        assertFalse(insert.expectsReply());
        assertTrue(server.transcript().contains("OP_MSG with moreToCome gets no reply"), server.transcript());
    }

    @Test
    void theConversationIsPrintedWithoutSessionIds() throws InterruptedException {
        PrintedLines printed = new PrintedLines();
        server = Main.configure(List.of("--port", "0"), new PrintStream(printed, true, StandardCharsets.UTF_8)).start();
        client = Clients.connect(server);
        try (ClientSession session = client.startSession()) {
            client.getDatabase("db").getCollection("coll").insertOne(session, new Document("_id", 1));
        }
        // The reply line is printed once the reply is sent, which may be after the client has read it.
        String text = printed.await("<- OpMsg({\"n\": 1, \"ok\": 1})", Duration.ofSeconds(10));
        assertTrue(text.contains("-> OpMsg({\"insert\": \"coll\""), text);
        assertTrue(server.requests().stream().anyMatch(r -> r.body().containsKey("lsid")), "the driver sent an lsid");
        assertFalse(text.contains("\"lsid\""), text);
    }

    /** What the server prints, for a test to wait on with a deadline. */
    private static final class PrintedLines extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String await(String expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String text = bytes.toString(StandardCharsets.UTF_8);
                long left = deadline - System.nanoTime();
                if (text.contains(expected) || left <= 0) {
                    assertTrue(text.contains(expected), "expected the server to print " + expected + ", it printed:\n"
                            + text);
                    return text;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Test
    void tlsServesTheShippedCertificate() {
        server = Main.configure(List.of("--port", "0", "--tls", "--quiet"), System.out).start();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToSslSettings(ssl -> ssl.context(MockupTls.clientContext()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build());
        assertEquals("8.0.0", admin(new Document("buildInfo", 1)).getString("version"));
    }

    /** What ShellReplies' Javadoc shows a script doing: the shell replies first, then its own, which win. */
    @Test
    void aScriptCombinesTheShellRepliesWithItsOwnRespondersWhichComeFirst() {
        server = MockupServer.builder().build();
        ShellReplies.install(server);
        server.servesCursor(Spec.command("find", "users"), List.of(new Document("_id", 1).append("name", "Ada")), 101);
        server.autoResponds(Spec.command("insert", "audit"), Reply.commandError(13, "not authorized"));
        server.start();
        client = Clients.connect(server);
        MongoDatabase db = client.getDatabase("db");

        assertEquals(List.of(new Document("_id", 1).append("name", "Ada")),
                db.getCollection("users").find().into(new ArrayList<>()));
        assertEquals(List.of(), db.getCollection("other").find().into(new ArrayList<>()), "the shell's empty cursor");
        MongoCommandException refused = assertThrows(MongoCommandException.class,
                () -> db.getCollection("audit").insertOne(new Document("_id", 1)));
        assertEquals(13, refused.getErrorCode());
        assertEquals(1, db.getCollection("other").insertOne(new Document("_id", 1)).wasAcknowledged() ? 1 : 0);
        assertEquals("8.0.0", admin(new Document("buildInfo", 1)).getString("version"));
        assertEquals(List.of("mockupdb"), admin(new Document("getCmdLineOpts", 1)).getList("argv", String.class));

        // What neither answers waits in the queue for the script.
        Outcome<Document> other = Go.go(() -> admin(new Document("anythingAtAll", 1)));
        server.receives(Spec.command("anythingAtAll")).ok(new Document("answeredBy", "the script"));
        assertEquals("the script", other.get().getString("answeredBy"));
    }
}
