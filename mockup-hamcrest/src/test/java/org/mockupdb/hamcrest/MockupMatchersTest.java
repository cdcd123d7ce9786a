package org.mockupdb.hamcrest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockupdb.hamcrest.MockupMatchers.equalToJson;
import static org.mockupdb.hamcrest.MockupMatchers.fromConnection;
import static org.mockupdb.hamcrest.MockupMatchers.withDocumentSequence;
import static org.mockupdb.hamcrest.MockupMatchers.hasPath;
import static org.mockupdb.hamcrest.MockupMatchers.withField;
import static org.mockupdb.hamcrest.MockupMatchers.withFlags;
import static org.mockupdb.hamcrest.MockupMatchers.hasPath;
import static org.mockupdb.hamcrest.MockupMatchers.inDatabase;
import static org.mockupdb.hamcrest.MockupMatchers.isCommand;
import static org.mockupdb.hamcrest.MockupMatchers.isGetMore;
import static org.mockupdb.hamcrest.MockupMatchers.isKillCursors;
import static org.mockupdb.hamcrest.MockupMatchers.isLegacyDelete;
import static org.mockupdb.hamcrest.MockupMatchers.isLegacyInsert;
import static org.mockupdb.hamcrest.MockupMatchers.isLegacyUpdate;
import static org.mockupdb.hamcrest.MockupMatchers.isOpMsg;
import static org.mockupdb.hamcrest.MockupMatchers.isOpQuery;
import static org.mockupdb.hamcrest.MockupMatchers.withoutField;
import static org.mockupdb.hamcrest.MockupMatchers.numericallyEqualTo;
import static org.mockupdb.hamcrest.MockupMatchers.onNamespace;
import static org.mockupdb.hamcrest.MockupMatchers.spec;
import static org.mockupdb.hamcrest.MockupMatchers.value;
import static org.mockupdb.hamcrest.MockupMatchers.compressedWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.Document;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.OpMsg;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.WireEncoder;

/** Each matcher's match, mismatch and description, on requests that crossed a real socket. */
class MockupMatchersTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static MockupServer server;
    private static Socket socket;

    @BeforeAll
    static void start() throws IOException {
        server = MockupServer.builder().autoHello(false).start();
        socket = new Socket(server.socketAddress().getAddress(), server.port());
    }

    @AfterAll
    static void stop() throws IOException {
        socket.close();
        server.stop();
    }

    private static Request send(byte[] frame) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return server.receives();
    }

    private static Request msg(Document body) {
        return msg(0, body, Map.of());
    }

    private static Request msg(int flags, Document body, Map<String, List<BsonDocument>> sequences) {
        BsonDocument doc = body.toBsonDocument();
        doc.putIfAbsent("$db", new org.bson.BsonString("db"));
        return send(WireEncoder.msg(IDS.incrementAndGet(), 0, flags, doc, sequences));
    }

    private static String mismatch(Matcher<?> matcher, Object item) {
        StringDescription d = new StringDescription();
        matcher.describeMismatch(item, d);
        return d.toString();
    }

    @Test
    void isCommandMatchesTheNameCaseInsensitivelyAndOptionallyItsValue() {
        Request r = msg(new Document("isMaster", 1));
        assertThat(r, isCommand("ismaster"));
        assertThat(r, isCommand("isMaster", 1L));
        assertThat(r, not(isCommand("hello")));
        assertEquals("its command is 'isMaster', expected 'hello'\n     in OpMsg({\"isMaster\": 1, \"$db\": \"db\"}, "
                + "namespace=\"db.$cmd\")", mismatch(isCommand("hello"), r));
        assertEquals("a request: command {\"isMaster\": 2}", StringDescription.toString(isCommand("isMaster", 2)));
        assertEquals("field 'isMaster' was 1, expected 2", isCommand("isMaster", 2).mismatch(r).orElseThrow());
    }

    @Test
    void fieldsByDottedPathWithValuesOrMatchers() {
        Request r = msg(new Document("insert", "c").append("writeConcern", new Document("w", "majority"))
                .append("documents", List.of(new Document("_id", 1), new Document("_id", 2))));
        assertThat(r, withField("writeConcern.w", "majority"));
        assertThat(r, withField("documents.1._id", 2L));
        assertThat(r, withField("documents", contains(hasPath("_id", 1), hasPath("_id", 2))));
        assertThat(r, withField("documents", hasSize(2)));
        assertThat(r, isCommand("insert", "c").withField("documents.0", equalToJson("{\"_id\": 1.0}")));
        assertThat(r, withoutField("ordered"));
        assertThat(r, withoutField("writeConcern.j"));
        assertEquals("field 'writeConcern.w' was \"majority\", expected 1",
                withField("writeConcern.w", 1).mismatch(r).orElseThrow());
        assertEquals("field 'writeConcern' is present ({\"w\": \"majority\"}), expected it absent",
                withoutField("writeConcern").mismatch(r).orElseThrow());
        assertEquals("field 'documents.0._id' was 1, expected a value greater than <5> (<1> was less than <5>)",
                withField("documents.0._id", greaterThan(5)).mismatch(r).orElseThrow());
        assertEquals("field 'bypass' is missing, expected true", withField("bypass", true).mismatch(r).orElseThrow());
        assertEquals("field 'x' is missing, expected any value", withField("x").mismatch(r).orElseThrow());
    }

    @Test
    void chainsReadLikeTheProtocolAndStopAtTheFirstDifference() {
        Request r = msg(new Document("find", "coll").append("filter", new Document("a", 1)).append("$db", "shop"));
        RequestMatcher m = isCommand("find", "coll").inDatabase("shop").onNamespace("shop.coll")
                .withField("filter.a", 1).withoutField("limit").and(isOpMsg());
        assertThat(r, m);
        assertEquals("a request: command {\"find\": \"coll\", \"limit\": <absent>, \"filter.a\": 1} in database "
                + "\"shop\" on namespace \"shop.coll\", OP_MSG", StringDescription.toString(m));
        assertEquals("its database is \"shop\", expected \"db\"",
                isCommand("find").inDatabase("db").withField("zzz", 1).mismatch(r).orElseThrow());
    }

    @Test
    void opcodesFlagsSequencesCompressionAndConnection() {
        Request seq = msg(OpMsg.CHECKSUM_PRESENT, new Document("insert", "c"),
                Map.of("documents", List.of(new BsonDocument("_id", new BsonInt32(1)))));
        assertThat(seq, isOpMsg());
        assertThat(seq, withFlags(OpMsg.CHECKSUM_PRESENT));
        assertThat(seq, withDocumentSequence("documents"));
        assertThat(seq, withDocumentSequence("documents", contains(hasPath("_id", 1))));
        assertThat(seq, fromConnection(seq.connection()));
        assertEquals("it has no document sequence \"updates\" (it has [documents])",
                withDocumentSequence("updates").mismatch(seq).orElseThrow());
        assertEquals("its flags are 0x1, expected bits 0x2 set",
                withFlags(OpMsg.MORE_TO_COME).mismatch(seq).orElseThrow());
        assertEquals("it was not compressed, expected it compressed with zlib",
                compressedWith("zlib").mismatch(seq).orElseThrow());
        assertEquals("it came on connection " + seq.connection().id() + ", expected 99",
                fromConnection(99).mismatch(seq).orElseThrow());

        Request zlib = send(WireEncoder.compress(WireEncoder.msg(IDS.incrementAndGet(), 0, 0,
                new Document("ping", 1).append("$db", "admin").toBsonDocument(), Map.of()), Compressor.ZLIB));
        assertThat(zlib, compressedWith("ZLIB"));

        Request query = send(WireEncoder.query(IDS.incrementAndGet(), 0, "db.c", 0, 0,
                new BsonDocument("x", new BsonInt32(1)), null));
        assertThat(query, isOpQuery());
        assertThat(query, onNamespace("db.c"));
        assertEquals("it is not a command", isCommand("find").mismatch(query).orElseThrow());

        assertThat(send(WireEncoder.getMore(IDS.incrementAndGet(), "db.c", 2, 5L)), isGetMore());
        assertThat(msg(new Document("getMore", 5L).append("collection", "c")), isGetMore());
        assertThat(send(WireEncoder.killCursors(IDS.incrementAndGet(), List.of(5L))), isKillCursors());
        assertThat(send(WireEncoder.insert(IDS.incrementAndGet(), 0, "db.c",
                List.of(new BsonDocument("_id", new BsonInt32(1))))), isLegacyInsert());
        Request update = send(WireEncoder.update(IDS.incrementAndGet(), "db.c", 1, new BsonDocument(),
                new BsonDocument("$set", new BsonDocument("a", new BsonInt32(1)))));
        assertThat(update, isLegacyUpdate());
        assertEquals("its opcode is OP_UPDATE, expected OP_DELETE", isLegacyDelete().mismatch(update).orElseThrow());
        assertEquals("it is OP_UPDATE, not a getMore", isGetMore().mismatch(update).orElseThrow());
    }

    @Test
    void matchersServeAsSpecsInTheServer() {
        try (Socket second = new Socket(server.socketAddress().getAddress(), server.port())) {
            second.getOutputStream().write(WireEncoder.msg(1, 0, 0,
                    new Document("count", "c").append("$db", "db").toBsonDocument(), Map.of()));
            Request r = server.receives(isCommand("count").withField("count", "c"));
            assertEquals("count", r.commandName().orElseThrow());

            second.getOutputStream().write(WireEncoder.msg(2, 0, 0,
                    new Document("count", "d").append("$db", "db").toBsonDocument(), Map.of()));
            AssertionError e = assertThrows(AssertionError.class,
                    () -> server.receives(spec(withField("count", "c"))));
            assertTrue(e.getMessage().startsWith("expected a request: {\"count\": \"c\"}, got OpMsg("),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(": field 'count' was \"d\", expected \"c\""), e.getMessage());

            Spec any = spec(org.hamcrest.Matchers.instanceOf(OpMsg.class));
            assertEquals("a request: an instance of org.mockupdb.OpMsg", any.description());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMatcherCanBeAFieldValueInsideACoreSpec() {
        Request r = msg(new Document("find", "c").append("limit", 7));
        assertTrue(r.matches(Spec.command("find").withField("limit", value(greaterThan(5)))));
        assertEquals("field 'limit' was 7, expected a value greater than <8> (<7> was less than <8>)",
                Spec.command("find").withField("limit", value(greaterThan(8))).mismatch(r).orElseThrow());
        assertEquals("command {\"find\": <any value>, \"limit\": a value greater than <8>}",
                Spec.command("find").withField("limit", value(greaterThan(8))).description());
    }

    @Test
    void bsonValueMatchersCompareNumbersByValue() {
        assertThat(new BsonInt64(3), numericallyEqualTo(3));
        assertThat(3.0, numericallyEqualTo(3L));
        assertFalse(numericallyEqualTo(3).matches("3"));
        assertEquals("was \"3\", expected a number equal to 3", mismatch(numericallyEqualTo(3), "3"));
        assertEquals("a number equal to 3", StringDescription.toString(numericallyEqualTo(3)));

        Document reply = new Document("cursor", new Document("id", 0L).append("firstBatch",
                List.of(new Document("_id", 1))));
        assertThat(reply, hasPath("cursor.firstBatch", contains(hasPath("_id", 1.0))));
        assertThat(reply.toBsonDocument(), hasPath("cursor.id", 0));
        assertEquals("field 'cursor.id' was 0, expected 5 in {\"cursor\": {\"id\": 0, \"firstBatch\": "
                + "[{\"_id\": 1}]}}", mismatch(hasPath("cursor.id", 5), reply));
        assertEquals("a document with 'cursor.id': 5", StringDescription.toString(hasPath("cursor.id", 5)));
        assertEquals("was \"text\", not a document", mismatch(hasPath("a", 1), "text"));

        assertThat(new Document("b", 2L).append("a", 1), equalToJson("{\"a\": 1.0, \"b\": 2}"));
        assertFalse(equalToJson("{\"a\": 1}").matches(new Document("a", 1).append("b", 2)));
        assertEquals("was {\"a\": 1, \"b\": 2}, expected {\"a\": 1}", mismatch(equalToJson("{\"a\": 1}"), new Document("a", 1)
                .append("b", 2)));
    }
}
