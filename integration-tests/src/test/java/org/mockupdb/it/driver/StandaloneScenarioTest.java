package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;
import org.mockupdb.standalone.internal.Main;

/**
 * The standalone server's {@code --scenario FILE}, in process, driven by the Java driver: rules come
 * before the shell replies and the last resort, the first matching rule in the file wins, a rule
 * with {@code times} retires after its uses, and each kind of answer reaches the driver as it
 * would from mongod. The same file format with PyMongo, the C driver and Node.js, over a process,
 * is {@code ScenarioClientsTest}.
 */
class StandaloneScenarioTest {
    @TempDir
    Path dir;
    private MockupServer server;
    private MongoClient client;

    /** A standalone server answering as {@code json} says; reads are not retried, so each request is one use. */
    private void start(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("scenario.json"), json);
        server = Main.configure(List.of("--port", "0", "--quiet", "--scenario", file.toString()), System.out).start();
        client = Clients.connect(server.uri() + "/?retryReads=false");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private Document run(String database, Document command) {
        return client.getDatabase(database).runCommand(command);
    }

    @Test
    void theFirstRuleThatMatchesWinsUntilItRetiresThenTheNext() throws IOException {
        start("""
                [
                  {"match": {"count": "coll"}, "times": 1,
                   "error": {"code": 91, "errmsg": "shutting down", "errorLabels": ["RetryableWriteError"]}},
                  {"match": {"count": "coll"}, "reply": {"n": 5}},
                  {"match": {"count": "coll"}, "reply": {"n": 6}}
                ]""");
        MongoCommandException e = assertThrows(MongoCommandException.class,
                () -> run("db", new Document("count", "coll")));
        assertEquals(91, e.getErrorCode());
        assertEquals("ShutdownInProgress", e.getErrorCodeName());
        assertTrue(e.getErrorMessage().contains("shutting down"), e.getMessage());
        assertEquals(Set.of("RetryableWriteError"), e.getErrorLabels());
        assertEquals(5, run("db", new Document("count", "coll")).getInteger("n"));
        assertEquals(5, run("db", new Document("count", "coll")).getInteger("n"), "a rule without times never retires");
        assertEquals(0, run("db", new Document("count", "other")).getInteger("n"), "no rule matches: the shell reply");
    }

    @Test
    void rulesComeBeforeTheShellRepliesWhichComeBeforeTheLastResort() throws IOException {
        start("""
                [{"match": {"buildInfo": 1}, "reply": {"version": "9.9.9", "versionArray": [9, 9, 9, 0]}},
                 {"match": {"anythingAtAll": 1}, "reply": {"answeredBy": "the scenario"}},
                 {"match": {"distinct": null, "key": "x"}, "reply": {"values": [1, 2]}}]""");
        assertEquals("9.9.9", run("admin", new Document("buildInfo", 1)).getString("version"));
        assertEquals(List.of("global", "startupWarnings"),
                run("admin", new Document("getLog", "*")).getList("names", String.class));
        assertEquals("the scenario", run("admin", new Document("anythingAtAll", 1)).getString("answeredBy"));
        assertEquals(List.of(1, 2), run("db", new Document("distinct", "any").append("key", "x"))
                .getList("values", Integer.class), "null as the command's value accepts any");
        assertEquals(List.of(), run("db", new Document("distinct", "any").append("key", "y"))
                .getList("values", Integer.class), "another key: the shell's empty list");
        Document other = run("admin", new Document("anythingElse", 1));
        assertEquals(1.0, other.get("ok", Number.class).doubleValue(), "the last resort (--all-ok) still answers");
        assertEquals(Set.of("ok"), other.keySet());
    }

    @Test
    void aCursorRuleServesItsDocumentsInBatchesAndItsGetMoresAndKillCursors() throws IOException {
        start("""
                [{"match": {"find": "coll", "filter": {"x": {"$gt": 0}}},
                  "cursor": {"documents": [{"_id": 1}, {"_id": 2}, {"_id": 3}, {"_id": 4}, {"_id": 5}], "batchSize": 2}}]""");
        MongoCollection<Document> coll = client.getDatabase("db").getCollection("coll");
        Document filter = new Document("x", new Document("$gt", 0));
        assertEquals(List.of(1, 2, 3, 4, 5), coll.find(filter).map(d -> d.getInteger("_id")).into(new ArrayList<>()));
        assertEquals(2, server.requests().stream().filter(r -> r.matches(Spec.command("getMore"))).count(),
                "the rule's batch size when the driver asks none: 2 + 2 + 1\n" + server.transcript());
        assertEquals(List.of(1, 2, 3, 4, 5), coll.find(filter).batchSize(5).map(d -> d.getInteger("_id"))
                .into(new ArrayList<>()), "the driver's batch size wins");
        try (MongoCursor<Document> cursor = coll.find(filter).iterator()) {
            assertEquals(1, cursor.next().getInteger("_id"));
        }
        assertTrue(server.transcript().contains("\"cursorsKilled\": [7"),
                "the rule answers the killCursors of its cursor\n" + server.transcript());
        assertEquals(List.of(), coll.find(new Document("x", 0)).into(new ArrayList<>()),
                "another filter: the shell's empty cursor");
    }

    @Test
    void aFaultClosesTheConnectionAndAnAnswerCanBeDelayed() throws IOException {
        start("""
                [{"match": {"ping": 1}, "fault": "reset", "times": 1},
                 {"match": {"ping": 1}, "reply": {"late": true}, "delayMS": 300}]""");
        assertThrows(MongoSocketException.class, () -> run("admin", new Document("ping", 1)));
        long started = System.nanoTime();
        assertEquals(true, run("admin", new Document("ping", 1)).getBoolean("late"));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(ms >= 300, "expected the reply 300 ms late at least, it came after " + ms + " ms");
    }
}
