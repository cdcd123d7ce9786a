package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.OpCodes;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireMessage;

class MockupServerTest {
    private MockupServer server;
    private RawClient client;

    @BeforeEach
    void start() {
        server = MockupServer.builder().requestTimeout(Duration.ofSeconds(5)).start();
        client = new RawClient(server);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private static BsonDocument body(Frame frame) {
        return ((WireMessage.Msg) frame.message()).body();
    }

    @Test
    void changingOneServersHelloLeavesAnotherServersAlone() {
        try (MockupServer changed = new MockupServer().start(); MockupServer untouched = new MockupServer().start()) {
            changed.setMaxWireVersion(7).setHelloField("msg", "isdbgrid").removeHelloField("readOnly");
            assertEquals(7, changed.maxWireVersion());
            assertEquals(MockupServer.DEFAULT_MAX_WIRE_VERSION, untouched.maxWireVersion());
            try (RawClient other = new RawClient(untouched)) {
                other.sendMsg(new Document("hello", 1));
                BsonDocument hello = body(other.read());
                assertEquals(MockupServer.DEFAULT_MAX_WIRE_VERSION, hello.getInt32("maxWireVersion").getValue());
                assertFalse(hello.containsKey("msg"), hello.toJson());
                assertTrue(hello.containsKey("readOnly"), hello.toJson());
            }
        }
    }

    @Test
    void receivesWaitsAndSaysWhatItExpectedWhenNothingCame() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> server.receives(Spec.command("insert", "coll"), Duration.ofMillis(50)));
        assertEquals("expected to receive command {\"insert\": \"coll\"}, got nothing within 50 ms", e.getMessage());
    }

    @Test
    void receivesSaysWhatCameWhenItDoesNotMatch() {
        client.sendMsg(new Document("find", "coll"));
        AssertionError e = assertThrows(AssertionError.class, () -> server.receives(Spec.command("insert")));
        assertEquals("expected command \"insert\", got OpMsg({\"find\": \"coll\", \"$db\": \"db\"}, "
                + "namespace=\"db.coll\"): its command is 'find', expected 'insert'", e.getMessage());
    }

    @Test
    void repliesGoBackInTheRequestsOpcodeWithResponseTo() {
        int id = client.sendMsg(new Document("count", "c"));
        Request request = server.receives("count");
        assertTrue(request.ok(new Document("n", 3)));
        Frame reply = client.read();
        assertEquals(OpCodes.OP_MSG, reply.opCode());
        assertEquals(id, reply.responseTo());
        assertEquals(new BsonDocument("n", new BsonInt32(3)).append("ok", new BsonInt32(1)), body(reply));

        int queryId = RawClient.nextId();
        client.send(WireEncoder.query(queryId, 0, "db.c", 0, 2, new BsonDocument("x", new BsonInt32(1)), null));
        Request query = server.receives(Spec.opQuery(new Document("x", 1)));
        assertInstanceOf(OpQuery.class, query);
        query.reply(Reply.of(new Document("_id", 1), new Document("_id", 2)).withCursorId(99));
        Frame opReply = client.read();
        assertEquals(OpCodes.OP_REPLY, opReply.opCode());
        assertEquals(queryId, opReply.responseTo());
        WireMessage.Reply docs = (WireMessage.Reply) opReply.message();
        assertEquals(2, docs.documents().size());
        assertEquals(99, docs.cursorId());
    }

    @Test
    void commandErrorsCarryCodeAndCodeName() {
        client.sendMsg(new Document("insert", "c"));
        server.receives().commandError(11000, "E11000 duplicate key error");
        assertEquals(new BsonDocument("ok", new BsonInt32(0))
                .append("errmsg", new BsonString("E11000 duplicate key error"))
                .append("code", new BsonInt32(11000))
                .append("codeName", new BsonString("DuplicateKey")), body(client.read()));
    }

    @Test
    void failOnALegacyQuerySetsQueryFailure() {
        client.send(WireEncoder.query(RawClient.nextId(), 0, "db.c", 0, 0, new BsonDocument(), null));
        server.receives().fail("no way");
        WireMessage.Reply reply = (WireMessage.Reply) client.read().message();
        assertEquals(Reply.QUERY_FAILURE, reply.responseFlags());
        assertEquals(new BsonDocument("$err", new BsonString("no way")), reply.documents().get(0));
    }

    @Test
    void aLegacyCommandIsUnwrappedFromDollarQuery() {
        BsonDocument wrapped = new BsonDocument("$query", new BsonDocument("count", new BsonString("c")))
                .append("$readPreference", new BsonDocument("mode", new BsonString("secondary")));
        client.send(WireEncoder.query(RawClient.nextId(), 0, "db.$cmd", 0, -1, wrapped, null));
        Request request = server.receives(Spec.command("count", "c")
                .withField("$readPreference", new Document("mode", "secondary")));
        assertInstanceOf(Command.class, request);
        assertEquals("db.c", request.namespace());
        assertEquals(wrapped, ((OpQuery) request).query());
    }

    @Test
    void aMoreToComeMessageGetsNoReply() {
        client.sendMsg(OpMsg.MORE_TO_COME, new Document("insert", "c"), Map.of());
        Request request = server.receives();
        assertFalse(request.expectsReply());
        assertTrue(request.ok());
        int id = client.sendMsg(new Document("ping", 1));
        server.receives("ping").ok();
        assertEquals(id, client.read().responseTo(), "the first reply the client sees answers the ping");
        assertTrue(server.transcript().contains("no reply sent to request"), server.transcript());
    }

    @Test
    void checksummedRequestsGetChecksummedReplies() {
        client.sendMsg(OpMsg.CHECKSUM_PRESENT, new Document("ping", 1), Map.of());
        Request request = server.receives();
        assertTrue(((OpMsg) request).checksumPresent());
        request.ok();
        Frame reply = client.read(); // the decoder verifies the checksum
        assertEquals(OpMsg.CHECKSUM_PRESENT, ((WireMessage.Msg) reply.message()).flagBits());
    }

    @Test
    void compressedRequestsGetRepliesCompressedTheSameWay() {
        for (Compressor compressor : List.of(Compressor.ZLIB, Compressor.SNAPPY, Compressor.NOOP)) {
            BsonDocument ping = new BsonDocument("ping", new BsonInt32(1)).append("$db", new BsonString("admin"));
            client.send(WireEncoder.compress(WireEncoder.msg(RawClient.nextId(), 0, 0, ping, Map.of()), compressor));
            Request request = server.receives(Spec.command("ping").compressedWith(compressor.wireName()));
            assertEquals(compressor.wireName(), request.compressor().orElseThrow());
            request.ok();
            assertEquals(compressor, client.read().compressor());
        }
    }

    @Test
    void helloIsAnsweredAsARealServerDoes() {
        BsonDocument hello = new BsonDocument("hello", new BsonInt32(1)).append("helloOk", org.bson.BsonBoolean.TRUE)
                .append("compression", new BsonArray(List.of(new BsonString("zstd"), new BsonString("snappy"),
                        new BsonString("zlib"), new BsonString("lz4"))))
                .append("$db", new BsonString("admin"));
        client.send(WireEncoder.msg(RawClient.nextId(), 0, 0, hello, Map.of()));
        BsonDocument reply = body(client.read());
        assertEquals(org.bson.BsonBoolean.TRUE, reply.get("isWritablePrimary"));
        assertNull(reply.get("ismaster"), "a hello gets isWritablePrimary, not ismaster");
        assertEquals(org.bson.BsonBoolean.TRUE, reply.get("helloOk"));
        assertEquals(new BsonInt32(25), reply.get("maxWireVersion"));
        assertEquals(new BsonArray(List.of(new BsonString("zstd"), new BsonString("snappy"), new BsonString("zlib"))),
                reply.get("compression"), "only compressors both sides support (not lz4), in the client's order");
        assertNull(reply.get("topologyVersion"));

        server.setMaxWireVersion(6).setHelloField("setName", "rs").setHelloField("ismaster", false);
        client.send(WireEncoder.query(RawClient.nextId(), 0, "admin.$cmd", 0, -1,
                new BsonDocument("isMaster", new BsonInt32(1)), null));
        BsonDocument legacy = ((WireMessage.Reply) client.read().message()).documents().get(0);
        assertEquals(org.bson.BsonBoolean.FALSE, legacy.get("ismaster"));
        assertEquals(new BsonInt32(6), legacy.get("maxWireVersion"));
        assertEquals(new BsonString("rs"), legacy.get("setName"));
        assertNull(legacy.get("helloOk"), "helloOk only when the client offered it");
        assertNull(legacy.get("compression"), "no compression when the client asked for none");
        assertEquals(2, server.requestCount(), "autoresponded requests are journaled too");
        assertEquals(0, server.pendingRequests().size());
    }

    @Test
    void respondersAreTriedNewestFirstAndCanPassRequestsOn() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        server.autoResponds(Spec.any(), r -> {
            seen.add("last resort");
            return r.ok(new Document("by", "last resort"));
        });
        server.subscribe(r -> seen.add("subscriber"));
        server.autoResponds("count", new Document("by", "old"));
        Responder newer = server.autoResponds(Spec.command("count"), r -> {
            seen.add("newer");
            return r.body().getString("count").getValue().equals("mine") && r.ok(new Document("by", "newer"));
        });

        client.sendMsg(new Document("count", "mine"));
        assertEquals(new BsonString("newer"), body(client.read()).get("by"));
        client.sendMsg(new Document("count", "other"));
        assertEquals(new BsonString("old"), body(client.read()).get("by"), "a handler returning false passes it on");
        client.sendMsg(new Document("distinct", "c"));
        assertEquals(new BsonString("last resort"), body(client.read()).get("by"));

        newer.cancel();
        assertFalse(newer.isActive());
        client.sendMsg(new Document("count", "mine"));
        assertEquals(new BsonString("old"), body(client.read()).get("by"));
        assertEquals(List.of("subscriber", "newer", "subscriber", "newer", "subscriber", "last resort",
                "subscriber"), seen);
    }

    @Test
    void aNewResponderAnswersAMatchingRequestWaitingAtTheHead() {
        int id = client.sendMsg(new Document("ping", 1));
        assertTrue(server.got(Spec.command("ping")), "got() peeks");
        assertTrue(server.got(Spec.command("ping")), "and leaves the request in the queue");
        assertFalse(server.got(Spec.command("insert")));
        server.autoResponds("ping");
        assertEquals(id, client.read().responseTo());
        assertFalse(server.got(Spec.any(), Duration.ofMillis(20)));
    }

    @Test
    void aResponderThatThrowsIsReportedAndTheRequestIsKept() {
        server.autoResponds(Spec.command("boom"), r -> {
            throw new IllegalStateException("bug in the handler");
        });
        client.sendMsg(new Document("boom", 1));
        AssertionError e = assertThrows(AssertionError.class, () -> server.receives());
        assertTrue(e.getMessage().startsWith("expected to receive any request, but first a protocol error on "
                + "connection 1"), e.getMessage());
        assertTrue(e.getMessage().contains("threw java.lang.IllegalStateException: bug in the handler"),
                e.getMessage());
        assertEquals("boom", server.receives().commandName().orElseThrow(), "the request was not lost");
    }

    @Test
    void incomingIteratesUntilNothingComes() {
        MockupServer quick = MockupServer.builder().requestTimeout(Duration.ofMillis(200)).start();
        try (RawClient c = new RawClient(quick)) {
            c.sendMsg(new Document("a", 1));
            c.sendMsg(new Document("b", 1));
            List<String> names = new ArrayList<>();
            for (Request r : quick.incoming()) {
                names.add(r.commandName().orElseThrow());
                r.ok();
            }
            assertEquals(List.of("a", "b"), names);
        } finally {
            quick.stop();
        }
    }

    @Test
    void hangUpClosesTheConnection() {
        client.sendMsg(new Document("ping", 1));
        Request request = server.receives();
        assertTrue(request.hangUp());
        assertTrue(client.isClosedByServer());
        assertFalse(request.connection().isOpen());
    }

    @Test
    void aDelayedReplyComesLaterAndAPendingOneDiesWithTheServer() {
        int id = client.sendMsg(new Document("ping", 1));
        server.receives().reply(Reply.ok().delayedBy(Duration.ofMillis(100)));
        long start = System.nanoTime();
        assertEquals(id, client.read().responseTo());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "it waited");

        client.sendMsg(new Document("ping", 2));
        server.receives().reply(Reply.ok().delayedBy(Duration.ofMinutes(5)));
        int port = server.port();
        server.stop();
        assertTrue(mockupThreads(port).isEmpty(), () -> "threads left: " + mockupThreads(port));
        assertTrue(client.isClosedByServer());
    }

    @Test
    void faultsCannotBeCombinedWithNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Reply.ok().delayedBy(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Fault.hangUp().delayedBy(Duration.ofMillis(-1)));
        assertEquals("Reply.ok({}).delayedBy(1 s) cut after 7 bytes",
                Reply.ok().delayedBy(Duration.ofSeconds(1)).cutAfter(7).describe());
        assertEquals(Duration.ofSeconds(1), Reply.ok().delayedBy(Duration.ofSeconds(1)).cutAfter(7).delay());
    }

    @Test
    void stopWakesAWaitingReceiver() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        Outcome<Request> receiver = Go.go(() -> {
            waiting.countDown();
            return server.receives(Duration.ofSeconds(30));
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        server.stop();
        AssertionError e = assertThrows(AssertionError.class, () -> receiver.get(Duration.ofSeconds(5)));
        assertEquals("expected to receive any request, but the server stopped", e.getMessage());
    }

    @Test
    void stopLeavesNoThreadAndFreesThePort() throws IOException {
        MockupServer other = new MockupServer().start();
        int port = other.port();
        RawClient c1 = new RawClient(other);
        RawClient c2 = new RawClient(other);
        c1.sendMsg(new Document("ping", 1));
        other.receives();
        other.stop();
        assertTrue(mockupThreads(port).isEmpty(), () -> "threads left: " + mockupThreads(port));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        assertTrue(c1.isClosedByServer());
        assertTrue(c2.isClosedByServer());
        c1.close();
        c2.close();
    }

    @Test
    void aServerStartsOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.start());
        assertEquals("expected a new server, but this one was already started; a server starts once", e.getMessage());
        MockupServer fresh = new MockupServer();
        assertThrows(IllegalStateException.class, fresh::port);
        assertSame(fresh, fresh.start());
        fresh.close();
        assertFalse(fresh.isRunning());
    }

    @Test
    void builderRejectsNonsense() {
        assertEquals("expected a port from 0 to 65535, got 70000",
                assertThrows(IllegalArgumentException.class, () -> MockupServer.builder().port(70000)).getMessage());
        assertEquals("expected minWireVersion <= maxWireVersion, got 9 > 8",
                assertThrows(IllegalArgumentException.class,
                        () -> MockupServer.builder().minWireVersion(9).maxWireVersion(8).build()).getMessage());
    }

    @Test
    void aSilentClientIsClosedAfterTheIdleTimeoutAndTheTranscriptSaysWhy() {
        try (MockupServer idle = MockupServer.builder().idleTimeout(Duration.ofMillis(200)).start();
             RawClient silent = new RawClient(idle)) {
            assertTrue(silent.isClosedByServer(), "closed within the raw client's read timeout");
            assertTrue(idle.transcript().contains("closed the connection: the client sent nothing for 200 ms "
                    + "(the idle timeout)"), idle.transcript());
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndTheOthersServed() {
        try (MockupServer limited = MockupServer.builder().maxConnections(1).start();
             RawClient first = new RawClient(limited);
             RawClient second = new RawClient(limited)) {
            assertTrue(second.isClosedByServer());
            first.sendMsg(new Document("ping", 1).append("$db", "admin"));
            limited.receives("ping").ok();
            assertEquals(1.0, first.read().message() instanceof org.mockupdb.internal.wire.WireMessage.Msg msg
                    ? msg.body().getNumber("ok").doubleValue() : -1);
            assertTrue(limited.transcript().contains("refused: 1 connection is open, the most this server takes (Builder.maxConnections)"),
                    limited.transcript());
        }
    }

    @Test
    void theTranscriptShortensAHandshakesClientMetadataUnlessVerbose() {
        Document hello = new Document("hello", 1).append("client", new Document("driver",
                new Document("name", "mongo-java-driver").append("version", "5.14.0"))
                .append("os", new Document("type", "Linux").append("architecture", "amd64"))
                .append("application", new Document("name", "orders"))).append("$db", "admin");
        for (boolean verbose : new boolean[] {false, true}) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            try (MockupServer s = MockupServer.builder().verbose(verbose).log(lines::add).start();
                 RawClient client = new RawClient(s)) {
                client.sendMsg(hello);
                client.read();
                String transcript = s.transcript();
                if (verbose) {
                    assertTrue(transcript.contains("\"architecture\": \"amd64\""), transcript);
                } else {
                    assertTrue(transcript.contains("\"client\": {\"driver\": \"mongo-java-driver 5.14.0\", "
                            + "\"application\": \"orders\", ...}"), transcript);
                    assertFalse(transcript.contains("amd64"), transcript);
                }
                assertEquals(verbose, String.join("\n", lines).contains("amd64"), "the live log too: " + lines);
            }
        }
    }

    static List<String> mockupThreads(int port) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("mockupdb-") && t.getName().contains("-" + port)) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
