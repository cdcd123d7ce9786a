package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * mongod's failCommand fail point against the Java driver 5.14, set over the wire with the
 * driver's own configureFailPoint command as driver test suites do. The server says it is a
 * mongos ({@code msg: "isdbgrid"}), so the driver retries writes as against a sharded cluster.
 * Each test prints the driver's reaction: exception, message, time.
 */
class FailCommandTest {
    private MockupServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = MockupServer.builder().helloField("msg", "isdbgrid").start();
        server.autoResponds("insert", Reply.ok(new Document("n", 1)));
        server.autoResponds("ping");
        client = client(b -> { });
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private MongoClient client(Consumer<MongoClientSettings.Builder> more) {
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS));
        more.accept(b);
        return MongoClients.create(b.build());
    }

    /** configureFailPoint sent by the driver, on admin, as a driver's test suite sends it. */
    private static Document configure(MongoClient client, String json) {
        return client.getDatabase("admin").runCommand(Document.parse(json));
    }

    private List<Request> inserts() {
        return server.requests().stream().filter(r -> r.matches(Spec.command("insert"))).toList();
    }

    private static void print(String what, Object outcome, long startNanos) {
        System.out.printf("[failCommand] %s: %s in %d ms%n", what, outcome instanceof Throwable t
                ? t.getClass().getName() + ": " + t.getMessage() : outcome,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    @Test
    void closeConnectionOnInsertIsRetriedOnceWithTheSameLsidAndTxnNumber() {
        Document reply = configure(client, "{configureFailPoint: 'failCommand', mode: {times: 1},"
                + " data: {failCommands: ['insert'], closeConnection: true}}");
        assertEquals(0, reply.get("count", Number.class).intValue(), reply.toJson());
        long start = System.nanoTime();
        client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
        print("closeConnection on insert", "retried and succeeded", start);
        List<Request> inserts = inserts();
        assertEquals(2, inserts.size(), "expected the insert and its one retry, got " + inserts);
        BsonDocument first = inserts.get(0).body();
        BsonDocument second = inserts.get(1).body();
        assertEquals(first.get("lsid"), second.get("lsid"), "the retry's lsid");
        assertEquals(first.get("txnNumber"), second.get("txnNumber"), "the retry's txnNumber");
        assertTrue(first.containsKey("txnNumber"), "a retryable write has a txnNumber: " + first.toJson());
        assertTrue(server.transcript().contains("closeConnection"), server.transcript());
    }

    @Test
    void errorCode91IsRetriedWithMongodsLabelAndNotWithoutIt() {
        configure(client, "{configureFailPoint: 'failCommand', mode: {times: 1},"
                + " data: {failCommands: ['insert'], errorCode: 91}}");
        long start = System.nanoTime();
        client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
        print("errorCode 91 with RetryableWriteError", "retried and succeeded", start);
        assertEquals(2, inserts().size(), "expected a retry, got " + inserts());

        configure(client, "{configureFailPoint: 'failCommand', mode: {times: 1},"
                + " data: {failCommands: ['insert'], errorCode: 91, errorLabels: []}}");
        long again = System.nanoTime();
        MongoException e = assertThrows(MongoException.class,
                () -> client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 2)));
        print("errorCode 91 with errorLabels: []", e, again);
        assertEquals(91, e.getCode(), e.toString());
        assertTrue(e.getMessage().contains("Failing command via 'failCommand' failpoint"), e.getMessage());
        assertEquals(3, inserts().size(), "expected no retry without the label, got " + inserts());
    }

    @Test
    void blockConnectionLongerThanTheSocketTimeoutTimesTheClientOut() {
        try (MongoClient impatient = client(b -> b.applyToSocketSettings(s -> s.readTimeout(500,
                TimeUnit.MILLISECONDS)))) {
            impatient.getDatabase("admin").runCommand(new Document("ping", 1));
            configure(impatient, "{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                    + " data: {failCommands: ['ping'], blockConnection: true, blockTimeMS: 3000}}");
            long start = System.nanoTime();
            Throwable e = assertThrows(MongoSocketReadTimeoutException.class,
                    () -> impatient.getDatabase("admin").runCommand(new Document("ping", 1)));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            print("blockConnection 3000 ms against readTimeout 500 ms", e, start);
            assertTrue(ms >= 450 && ms < 2500, "expected a timeout after about 500 ms, got " + ms + " ms");
            server.configureFailPoint(Document.parse("{configureFailPoint: 'failCommand', mode: 'off'}"));
        }
    }

    @Test
    void blockConnectionShorterThanTheTimeoutDelaysTheReply() {
        configure(client, "{configureFailPoint: 'failCommand', mode: {times: 1},"
                + " data: {failCommands: ['ping'], blockConnection: true, blockTimeMS: 400}}");
        long start = System.nanoTime();
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        print("blockConnection 400 ms, no error", "ok", start);
        assertTrue(ms >= 380, "expected the ping blocked about 400 ms, got " + ms + " ms");
    }

    @Test
    void appNameFaultsOnlyTheClientThatNamedItself() {
        try (MongoClient named = client(b -> b.applicationName("faulty"))) {
            configure(client, "{configureFailPoint: 'failCommand', mode: 'alwaysOn',"
                    + " data: {failCommands: ['ping'], errorCode: 2, appName: 'faulty'}}");
            long start = System.nanoTime();
            MongoException e = assertThrows(MongoException.class,
                    () -> named.getDatabase("admin").runCommand(new Document("ping", 1)));
            print("appName 'faulty', the named client", e, start);
            assertEquals(2, e.getCode());
            long other = System.nanoTime();
            Document ok = client.getDatabase("admin").runCommand(new Document("ping", 1));
            print("appName 'faulty', another client", ok.toJson(), other);
            assertEquals(1.0, ok.get("ok", Number.class).doubleValue());
        }
    }

    @Test
    void timesTwoFaultsExactlyTwoCommandsAndCountSaysSo() {
        MongoDatabase admin = client.getDatabase("admin");
        long before = configure(client, "{configureFailPoint: 'failCommand', mode: {times: 2},"
                + " data: {failCommands: ['ping'], errorCode: 8}}").get("count", Number.class).longValue();
        int failed = 0;
        for (int i = 0; i < 4; i++) {
            try {
                admin.runCommand(new Document("ping", 1));
            } catch (MongoException e) {
                assertEquals(8, e.getCode());
                failed++;
            }
        }
        assertEquals(2, failed, "expected exactly two pings faulted");
        Document waited = admin.runCommand(Document.parse("{waitForFailPoint: 'failCommand', timesEntered: "
                + (before + 2) + ", maxTimeMS: 1000}"));
        assertEquals(1.0, waited.get("ok", Number.class).doubleValue());
        long after = configure(client, "{configureFailPoint: 'failCommand', mode: 'off'}")
                .get("count", Number.class).longValue();
        System.out.printf("[failCommand] times: 2: %d of 4 pings failed; count %d before, %d after%n", failed,
                before, after);
        assertEquals(before + 2, after, "count: the times failCommand was entered");
    }

    @Test
    void writeConcernErrorJoinsTheInsertsReplyAndTheDriverRetriesOnItsLabel() {
        configure(client, "{configureFailPoint: 'failCommand', mode: {times: 1},"
                + " data: {failCommands: ['insert'], writeConcernError: {code: 91, errmsg: 'Replication is being"
                + " shut down'}}}");
        long start = System.nanoTime();
        client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
        print("writeConcernError 91 on insert", "retried and succeeded", start);
        assertEquals(2, inserts().size(), "expected a retry on the RetryableWriteError label, got " + inserts());
        assertTrue(server.transcript().contains("writeConcernError"), server.transcript());
    }

    @Test
    void aRequestTheTestWouldReceiveIsFaultedToo() {
        server.configureFailPoint(Document.parse("{configureFailPoint: 'failCommand', mode: {times: 1},"
                + " data: {failCommands: ['count'], errorCode: 50}}"));
        long start = System.nanoTime();
        MongoException e = assertThrows(MongoException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        print("errorCode 50 on a count no responder answers", e, start);
        assertEquals(50, e.getCode());
        assertTrue(server.pendingRequests().isEmpty(), "the fail point answered it: " + server.pendingRequests());
        org.mockupdb.Outcome<Document> second = org.mockupdb.Go.go(
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        server.receives(Spec.command("count")).ok(new Document("n", 3));
        assertEquals(3, second.get().getInteger("n"), "times: 1 is used up: the test answers the next count");
    }

    @Test
    void aMalformedConfigureFailPointGetsMongodsErrorOverTheWire() {
        MongoException e = assertThrows(MongoException.class, () -> configure(client,
                "{configureFailPoint: 'failCommand', mode: {times: 'x'}, data: {failCommands: ['ping'], errorCode: 2}}"));
        print("configureFailPoint with mode {times: 'x'}", e, System.nanoTime());
        assertEquals(14, e.getCode());
        assertTrue(e.getMessage().contains("times"), e.getMessage());
        MongoException notAdmin = assertThrows(MongoException.class, () -> client.getDatabase("db")
                .runCommand(Document.parse("{configureFailPoint: 'failCommand', mode: 'off'}")));
        assertEquals(13, notAdmin.getCode());
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        MongoException unknown = assertThrows(MongoException.class, () -> configure(client,
                "{configureFailPoint: 'noSuchFailPoint', mode: 'alwaysOn'}"));
        assertEquals(266, unknown.getCode());
    }

    /**
     * ShutdownInProgress (91) is a state-change error: the member adds its topologyVersion to it, as
     * mongod 4.4+ does, so the driver sees the error is no newer than what it knows, keeps the
     * primary and retries at once (without it, the driver marks the primary Unknown and waits for
     * the next streamed hello, up to 10 s).
     */
    @Test
    void aFailPointSetThroughAReplicaSetIsOnEveryMember() {
        try (org.mockupdb.MockupReplicaSet rs = org.mockupdb.MockupReplicaSet.builder().members(2).start();
             MongoClient rsClient = Clients.connect(rs.uri())) {
            rs.members().forEach(m -> m.autoResponds("insert", Reply.ok(new Document("n", 1))));
            List<BsonDocument> replies = rs.configureFailPoint(Document.parse("{configureFailPoint: 'failCommand',"
                    + " mode: {times: 1}, data: {failCommands: ['insert'], errorCode: 91}}"));
            assertEquals(2, replies.size(), replies.toString());
            long start = System.nanoTime();
            try {
                rsClient.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
            } catch (RuntimeException e) {
                throw new AssertionError(rs.transcript(), e);
            }
            long ms = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            print("errorCode 91 through a replica set", "retried and succeeded", start);
            assertTrue(ms < 5_000, "retried at once, not after a heartbeat: " + ms + " ms\n" + rs.transcript());
            long primaryInserts = rs.member(0).requests().stream().filter(r -> r.matches(Spec.command("insert")))
                    .count();
            assertEquals(2, primaryInserts, "the insert and its retry on the primary:\n" + rs.transcript());
            assertEquals(1, rs.member(0).configureFailPoint(Document.parse(
                    "{configureFailPoint: 'failCommand', mode: 'off'}")).getNumber("count").intValue());
            assertEquals(0, rs.member(1).configureFailPoint(Document.parse(
                    "{configureFailPoint: 'failCommand', mode: 'off'}")).getNumber("count").intValue(),
                    "the secondary's fail point was set and never entered");
            assertThrows(IllegalArgumentException.class, () -> rs.configureFailPoint(Document.parse(
                    "{configureFailPoint: 'failCommand', mode: 'never'}")));
        }
    }

    @Test
    void theJavaMethodRefusesWhatMongodRefuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.configureFailPoint(
                Document.parse("{configureFailPoint: 'failCommand', mode: 'sometimes'}")));
        assertTrue(e.getMessage().contains("unknown mode: sometimes") && e.getMessage().contains("BadValue"),
                e.getMessage());
        assertInstanceOf(BsonDocument.class, server.configureFailPoint(Document.parse(
                "{configureFailPoint: 'failCommand', mode: 'off'}")));
        assertThrows(AssertionError.class, () -> server.waitForFailPoint("failCommand", 1, Duration.ofMillis(50)));
    }
}
