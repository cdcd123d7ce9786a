package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The matching semantics of the design, case by case, on requests that really crossed a socket. */
class SpecTest {
    private static MockupServer server;
    private static RawClient client;

    @BeforeAll
    static void start() {
        server = MockupServer.builder().autoHello(false).start();
        client = new RawClient(server);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    private static Request msg(Document body) {
        client.sendMsg(body);
        return server.receives();
    }

    private static Request msg(Document body, Map<String, List<BsonDocument>> sequences) {
        client.sendMsg(0, body, sequences);
        return server.receives();
    }

    private static String why(Spec spec, Request request) {
        return spec.mismatch(request).orElse(null);
    }

    @Test
    void subsetMatchingRecursesIntoSubDocuments() {
        Request r = msg(new Document("find", "c").append("filter", new Document("a", 1).append("b", 2))
                .append("limit", 5));
        assertTrue(r.matches(Spec.command("find")));
        assertTrue(r.matches(Spec.command("find", "c")));
        assertTrue(r.matches(Spec.command(new Document("find", "c").append("filter", new Document("a", 1)))));
        assertEquals("field 'filter.b' was 2, expected 3",
                why(Spec.command("find").withField("filter", new Document("b", 3)), r));
        assertEquals("field 'filter.c' is missing, expected 1",
                why(Spec.command("find").withField("filter", new Document("c", 1)), r));
        assertEquals("field 'find' was \"c\", expected \"d\"", why(Spec.command("find", "d"), r));
        assertEquals("field 'limit' was 5, expected a document {\"x\": 1}",
                why(Spec.command("find").withField("limit", new Document("x", 1)), r));
    }

    @Test
    void arraysMatchElementByElementWithTheSameLength() {
        Request r = msg(new Document("insert", "c").append("documents",
                List.of(new Document("_id", 1).append("x", "a"), new Document("_id", 2))));
        assertTrue(r.matches(Spec.command("insert").withField("documents",
                List.of(new Document("_id", 1), new Document("_id", 2)))));
        assertEquals("field 'documents' has 2 elements, expected 1: [{\"_id\": 1, \"x\": \"a\"}, {\"_id\": 2}] "
                        + "against [{\"_id\": 1}]",
                why(Spec.command("insert").withField("documents", List.of(new Document("_id", 1))), r));
        assertEquals("field 'documents.1._id' was 2, expected 3",
                why(Spec.command("insert").withField("documents",
                        List.of(new Document("_id", 1), new Document("_id", 3))), r));
    }

    @Test
    void absentMeansTheFieldMustNotBeThere() {
        Request r = msg(new Document("insert", "c").append("writeConcern", new Document("w", "majority")));
        assertTrue(r.matches(Spec.command("insert").withField("bypassDocumentValidation", ValueSpec.absent())));
        assertEquals("field 'writeConcern' is present ({\"w\": \"majority\"}), expected it absent",
                why(Spec.command("insert").withField("writeConcern", ValueSpec.absent()), r));
        assertEquals("field 'writeConcern.w' was \"majority\", expected 1",
                why(Spec.command("insert").withField("writeConcern", new Document("w", 1)), r));
        assertTrue(r.matches(Spec.command(new Document("insert", "c").append("ordered", ValueSpec.absent()))),
                "a ValueSpec inside a Document is kept, not encoded");
    }

    @Test
    void numbersCompareByValueAcrossBsonTypes() {
        Request r = msg(new Document("count", "c").append("i", 1).append("l", 2L).append("d", 3.0)
                .append("m", Decimal128.parse("4.0")).append("half", 0.5));
        assertTrue(r.matches(Spec.command("count").withField("i", 1L).withField("l", 2.0)
                .withField("d", new BsonDecimal128(Decimal128.parse("3"))).withField("m", 4)
                .withField("half", new BsonDecimal128(Decimal128.parse("0.50")))));
        assertTrue(r.matches(Spec.command("count").withField("i", new BsonDouble(1.0)).withField("l", new BsonInt32(2))
                .withField("d", new BsonInt64(3))));
        assertEquals("field 'half' was 0.5, expected 1", why(Spec.command("count").withField("half", 1), r));
        assertFalse(r.matches(Spec.command("count").withField("i", "1")), "a string is not a number");
    }

    @Test
    void datesCompareAtMilliseconds() {
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);
        Request r = msg(new Document("find", "c").append("since", new BsonDateTime(at.toEpochMilli())));
        assertTrue(r.matches(Spec.command("find").withField("since", Date.from(at))));
        assertTrue(r.matches(Spec.command("find").withField("since", at.plusNanos(999_999))),
                "sub-millisecond precision is dropped, as BSON dates have none");
        assertFalse(r.matches(Spec.command("find").withField("since", at.plusMillis(1))));
    }

    @Test
    void commandNamesMatchCaseInsensitively() {
        Request r = msg(new Document("isMaster", 1));
        assertTrue(r.matches(Spec.command("ismaster")));
        assertTrue(r.matches(Spec.command("ISMASTER", 1)));
        assertTrue(r.matches(Spec.command(new Document("ismaster", 1.0))));
        assertEquals("its command is 'isMaster', expected 'hello'", why(Spec.command("hello"), r));
    }

    @Test
    void aNameAloneMatchesAnyValue() {
        Request r = msg(new Document("getMore", 12345L).append("collection", "c"));
        assertTrue(r.matches(Spec.command("getMore")));
        assertEquals("db.c", r.namespace(), "a command's namespace falls back to its collection field");
        assertEquals("field 'getMore' was 12345, expected 1", why(Spec.command("getMore", 1), r));
    }

    @Test
    void orderMattersOnlyWhenAsked() {
        Request r = msg(new Document("update", "c").append("ordered", true).append("bypassDocumentValidation", false));
        MessageSpec reversed = Spec.command("update").withField("bypassDocumentValidation", false)
                .withField("ordered", true);
        assertTrue(r.matches(reversed));
        assertEquals("fields are in the order [ordered, bypassDocumentValidation], expected bypassDocumentValidation "
                + "where ordered is", why(reversed.inOrder(), r));
        assertTrue(r.matches(Spec.command("update").withField("ordered", true)
                .withField("bypassDocumentValidation", false).inOrder()));
    }

    @Test
    void opcodeDatabaseNamespaceFlagsAndSequencesCanBePinned() {
        Request r = msg(new Document("insert", "coll").append("$db", "shop"),
                Map.of("documents", List.of(new BsonDocument("_id", new BsonInt32(1)))));
        assertTrue(r.matches(Spec.opMsg("insert").inDatabase("shop").onNamespace("shop.coll")));
        assertTrue(r.matches(Spec.command("insert").withField("documents", List.of(new Document("_id", 1)))),
                "a document sequence is merged into the body as an array");
        assertTrue(r.matches(Spec.command("insert").withDocumentSequence("documents", new Document("_id", 1))));
        assertEquals("its database is \"shop\", expected \"db\"", why(Spec.command("insert").inDatabase("db"), r));
        assertEquals("its namespace is \"shop.coll\", expected \"shop.other\"",
                why(Spec.command("insert").onNamespace("shop.other"), r));
        assertEquals("its opcode is OP_MSG, expected OP_QUERY",
                why(Spec.command("insert").withOpCode(OpCode.OP_QUERY), r));
        assertEquals("its flags are 0x0, expected bits 0x2 set",
                why(Spec.command("insert").withFlags(OpMsg.MORE_TO_COME), r));
        assertEquals("it has no document sequence 'updates'",
                why(Spec.command("insert").withDocumentSequence("updates"), r));
        assertEquals("it was not compressed, expected it compressed with zlib",
                why(Spec.command("insert").compressedWith("zlib"), r));
    }

    @Test
    void specsDescribeThemselvesReadably() {
        assertEquals("any request", Spec.any().description());
        assertEquals("command \"insert\"", Spec.command("insert").description());
        assertEquals("command {\"insert\": \"coll\", \"ordered\": true, \"writeConcern\": <absent>} in database "
                        + "\"db\"",
                Spec.command("insert", "coll").withField("ordered", true).withField("writeConcern", ValueSpec.absent())
                        .inDatabase("db").description());
        assertEquals("OP_MSG command \"ping\" compressed with zlib",
                Spec.opMsg("ping").compressedWith("zlib").description());
        assertEquals("OP_INSERT [{\"_id\": 1}] on namespace \"db.c\"",
                Spec.opInsert(new Document("_id", 1)).onNamespace("db.c").description());
        assertEquals("OP_QUERY {\"a\": {\"$gt\": 1}}", Spec.opQuery(new Document("a", new Document("$gt", 1)))
                .description());
        assertEquals("my spec", Spec.matching("my spec", r -> true).description());
    }

    @Test
    void aNonCommandDoesNotMatchACommandSpec() {
        client.send(org.mockupdb.internal.wire.WireEncoder.insert(RawClient.nextId(), 0, "db.c",
                List.of(new BsonDocument("_id", new BsonInt32(1)))));
        Request r = server.receives();
        assertEquals(Optional.of("it is not a command"), Spec.command("insert").mismatch(r));
        assertTrue(r.matches(Spec.opInsert(new Document("_id", 1))));
        assertEquals("field 'documents.0._id' was 1, expected 2", why(Spec.opInsert(new Document("_id", 2)), r));
    }

    @Test
    void anEmptyCommandDocumentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spec.command(new Document()));
        assertEquals("a command document needs its command name as first key, got {}", e.getMessage());
    }
}
