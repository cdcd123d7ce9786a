package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.WireMessage;

class MockupReplicaSetTest {

    private static BsonArray addresses(List<MockupServer> servers) {
        BsonArray array = new BsonArray();
        servers.forEach(s -> array.add(new BsonString(s.address())));
        return array;
    }

    @Test
    void theMembersHellosAgree() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().setName("set").members(3).arbiters(1)
                .member(2, m -> m.hidden().tags(Map.of("dc", "ny"))).start()) {
            assertTrue(rs.uri().matches("mongodb://localhost:\\d+,localhost:\\d+,localhost:\\d+,localhost:\\d+/\\?replicaSet=set"),
                    rs.uri());
            BsonDocument primary = rs.hello(rs.member(0));
            BsonDocument secondary = rs.hello(rs.member(1));
            BsonDocument hidden = rs.hello(rs.member(2));
            BsonDocument arbiter = rs.hello(rs.member(3));
            BsonArray hosts = addresses(List.of(rs.member(0), rs.member(1)));
            for (BsonDocument hello : List.of(primary, secondary, hidden, arbiter)) {
                assertEquals(hosts, hello.get("hosts"), hello.toJson());
                assertEquals(addresses(List.of(rs.member(3))), hello.get("arbiters"));
                assertEquals("set", hello.getString("setName").getValue());
                assertEquals(1, hello.getInt32("setVersion").getValue());
                assertEquals(rs.member(0).address(), hello.getString("primary").getValue());
                assertTrue(hello.getDocument("topologyVersion").containsKey("processId"));
                assertEquals(25, hello.getInt32("maxWireVersion").getValue());
            }
            assertEquals("topologyVersion", primary.getFirstKey());
            assertTrue(primary.getBoolean("isWritablePrimary").getValue());
            assertFalse(primary.getBoolean("secondary").getValue());
            assertEquals(MockupReplicaSet.electionId(1), primary.getObjectId("electionId").getValue());
            assertEquals(rs.member(0).address(), primary.getString("me").getValue());
            assertTrue(primary.containsKey("lastWrite"));
            assertTrue(secondary.getBoolean("secondary").getValue());
            assertFalse(secondary.containsKey("electionId"));
            assertTrue(hidden.getBoolean("hidden").getValue());
            assertTrue(hidden.getBoolean("passive").getValue());
            assertEquals(new BsonDocument("dc", new BsonString("ny")), hidden.get("tags"));
            assertTrue(arbiter.getBoolean("arbiterOnly").getValue());
            assertFalse(arbiter.containsKey("lastWrite"));
            assertEquals(List.of(rs.member(1), rs.member(2)), rs.secondaries());
            assertEquals(List.of(rs.member(3)), rs.arbiters());
        }
    }

    @Test
    void electionsAndReconfigsMoveElectionIdAndSetVersion() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start()) {
            rs.stepDown();
            assertTrue(rs.primary().isEmpty());
            assertFalse(rs.hello(rs.member(1)).containsKey("primary"));
            assertFalse(rs.hello(rs.member(0)).getBoolean("isWritablePrimary").getValue());
            rs.elect(rs.member(1));
            assertSame(rs.member(1), rs.primary().orElseThrow());
            assertEquals(MockupReplicaSet.electionId(2), rs.hello(rs.member(1)).getObjectId("electionId").getValue());
            assertTrue(rs.hello(rs.member(0)).getBoolean("secondary").getValue());

            MockupServer added = rs.addMember(m -> m.priority(0));
            assertTrue(added.isRunning());
            assertEquals(2, rs.setVersion());
            assertEquals(addresses(List.of(added)), rs.hello(rs.member(0)).get("passives"));
            rs.removeMember(added);
            assertEquals(3, rs.setVersion());
            assertFalse(rs.members().contains(added));
            BsonDocument removed = rs.hello(added);
            assertTrue(removed.getBoolean("isreplicaset").getValue());
            assertFalse(removed.containsKey("setName"));
        }
    }

    @Test
    void ghostsRecoveringAndOtherSetNames() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(3).start()) {
            rs.makeGhost(rs.member(0));
            assertTrue(rs.primary().isEmpty(), "a primary made a ghost steps down");
            BsonDocument ghost = rs.hello(rs.member(0));
            assertEquals(BsonBoolean.TRUE, ghost.get("isreplicaset"));
            assertEquals("Does not have a valid replica set config", ghost.getString("info").getValue());
            rs.makeRecovering(rs.member(1));
            BsonDocument recovering = rs.hello(rs.member(1));
            assertFalse(recovering.getBoolean("secondary").getValue());
            assertFalse(recovering.getBoolean("isWritablePrimary").getValue());
            assertEquals("rs", recovering.getString("setName").getValue());
            rs.reportSetName(rs.member(2), "other");
            assertEquals("other", rs.hello(rs.member(2)).getString("setName").getValue());
            rs.recover(rs.member(1));
            assertTrue(rs.hello(rs.member(1)).getBoolean("secondary").getValue());
        }
    }

    @Test
    void misuseGetsErrorsNamingTheSetAndTheMember() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().setName("s1").members(2).arbiters(1).start();
             MockupServer stranger = new MockupServer()) {
            IllegalArgumentException arbiter = assertThrows(IllegalArgumentException.class, () -> rs.elect(2));
            assertTrue(arbiter.getMessage().contains("replica set \"s1\"") && arbiter.getMessage().contains("arbiter")
                    && arbiter.getMessage().contains(rs.member(2).address()), arbiter.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> rs.elect(stranger));
            assertTrue(unknown.getMessage().contains("not a member of replica set \"s1\""), unknown.getMessage());
            IndexOutOfBoundsException index = assertThrows(IndexOutOfBoundsException.class, () -> rs.member(7));
            assertTrue(index.getMessage().contains("0 to 2"), index.getMessage());
            IllegalStateException twice = assertThrows(IllegalStateException.class, rs::start);
            assertTrue(twice.getMessage().contains("already started"), twice.getMessage());
            IllegalArgumentException removePrimary = assertThrows(IllegalArgumentException.class,
                    () -> rs.removeMember(rs.member(0)));
            assertTrue(removePrimary.getMessage().contains("stepDown()"), removePrimary.getMessage());
            rs.stepDown();
            IllegalStateException noPrimary = assertThrows(IllegalStateException.class, rs::stepDown);
            assertTrue(noPrimary.getMessage().contains("has none"), noPrimary.getMessage());
            rs.makeUnreachable(rs.member(1));
            IllegalArgumentException down = assertThrows(IllegalArgumentException.class, () -> rs.elect(1));
            assertTrue(down.getMessage().contains("unreachable"), down.getMessage());
            rs.stop();
            rs.stop();
            assertFalse(rs.member(0).isRunning());
            IllegalStateException stopped = assertThrows(IllegalStateException.class, rs::uri);
            assertTrue(stopped.getMessage().contains("replica set \"s1\"") && stopped.getMessage().contains("stopped"),
                    stopped.getMessage());
        }
        IllegalArgumentException badPrimary = assertThrows(IllegalArgumentException.class,
                () -> MockupReplicaSet.builder().members(2).arbiters(1).primary(2).build());
        assertTrue(badPrimary.getMessage().contains("an arbiter"), badPrimary.getMessage());
    }

    private static Document awaitableHello(BsonDocument topologyVersion) {
        return new Document("hello", 1).append("topologyVersion", topologyVersion).append("maxAwaitTimeMS", 10_000)
                .append("$db", "admin");
    }

    @Test
    void aStreamingHelloGetsTheNewStateAtOnceFlaggedMoreToCome() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             RawClient client = new RawClient(rs.member(1))) {
            client.sendMsg(new Document("hello", 1).append("$db", "admin"));
            BsonDocument first = ((WireMessage.Msg) client.read().message()).body();
            BsonDocument version = first.getDocument("topologyVersion");
            int requestId = client.sendMsg(OpMsg.EXHAUST_ALLOWED, awaitableHello(version), Map.of());
            long elected = System.nanoTime();
            rs.elect(rs.member(1));
            Frame reply = client.read();
            long took = System.nanoTime() - elected;
            WireMessage.Msg msg = (WireMessage.Msg) reply.message();
            assertTrue((msg.flagBits() & OpMsg.MORE_TO_COME) != 0, "expected moreToCome");
            assertEquals(requestId, reply.responseTo());
            assertTrue(msg.body().getBoolean("isWritablePrimary").getValue());
            assertNotEquals(version, msg.body().getDocument("topologyVersion"));
            assertTrue(took < Duration.ofSeconds(2).toNanos(), "expected the change at once, took " + took / 1_000_000 + " ms");
            rs.stepDown();
            Frame next = client.read();
            assertEquals(reply.requestId(), next.responseTo(), "each reply answers the one before it");
            assertFalse(((WireMessage.Msg) next.message()).body().getBoolean("isWritablePrimary").getValue());
            List<String> ports = rs.members().stream().map(m -> "-" + m.port()).toList();
            long stopping = System.nanoTime();
            rs.stop();
            assertTrue(System.nanoTime() - stopping < Duration.ofSeconds(2).toNanos(), "the stream ends on stop");
            List<String> left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(name -> name.startsWith("mockupdb-") && ports.stream().anyMatch(p -> name.contains(p + "-")
                            || name.endsWith(p)))
                    .toList();
            assertEquals(List.of(), left, "no thread of the set is left after stop");
        }
    }

    @Test
    void anOldTopologyVersionIsAnsweredAtOnceAndAPollIsNeverStreamed() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             RawClient client = new RawClient(rs.member(0))) {
            BsonDocument stale = new BsonDocument("processId", new org.bson.BsonObjectId())
                    .append("counter", new org.bson.BsonInt64(0));
            client.sendMsg(awaitableHello(stale));
            Frame reply = client.read();
            assertEquals(0, ((WireMessage.Msg) reply.message()).flagBits() & OpMsg.MORE_TO_COME,
                    "no exhaustAllowed, no moreToCome");
            client.sendMsg(new Document("hello", 1).append("$db", "admin"));
            assertTrue(((WireMessage.Msg) client.read().message()).body().getBoolean("isWritablePrimary").getValue());
        }
    }

    @Test
    void theSetsQueueTakesFromAnyMemberAndAMembersOnlyItsOwn() throws Exception {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).requestTimeout(Duration.ofSeconds(5)).start();
             RawClient zero = new RawClient(rs.member(0));
             RawClient one = new RawClient(rs.member(1))) {
            one.sendMsg(new Document("find", "a"));
            Request a = rs.member(1).receives(Spec.command("find", "a"));
            a.ok();
            zero.sendMsg(new Document("find", "b"));
            Request b = rs.receives(Spec.command("find", "b"));
            assertSame(rs.member(0), b.server().orElseThrow());
            b.ok();
            one.sendMsg(new Document("find", "c"));
            assertThrows(AssertionError.class, () -> rs.member(0).receives(Duration.ofMillis(100)));
            Request c = rs.receives();
            assertSame(rs.member(1), c.server().orElseThrow());
            c.ok();
            AssertionError nothing = assertThrows(AssertionError.class, () -> rs.receives(Spec.any(), Duration.ofMillis(50)));
            assertTrue(nothing.getMessage().contains("replica set \"rs\""), nothing.getMessage());
        }
    }

    @Test
    void anUnreachableMemberHangsUpOrRefuses() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start()) {
            rs.makeUnreachable(rs.member(1));
            try (RawClient client = new RawClient(rs.member(1))) {
                client.sendMsg(new Document("hello", 1).append("$db", "admin"));
                assertTrue(client.isClosedByServer());
            }
            rs.makeUnreachable(rs.member(1), MockupReplicaSet.Unreachable.REFUSE);
            try (RawClient client = new RawClient(rs.member(1))) {
                assertTrue(client.isClosedByServer());
            }
            rs.makeReachable(rs.member(1));
            try (RawClient client = new RawClient(rs.member(1))) {
                client.sendMsg(new Document("hello", 1).append("$db", "admin"));
                assertEquals(new BsonInt32(1), ((WireMessage.Msg) client.read().message()).body().get("ok"));
            }
        }
    }

    @Test
    void aMemberListensOnThePortItsOptionsGive() throws Exception {
        int free;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = socket.getLocalPort();
        }
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).serverOptions(b -> b.port(0))
                .member(1, m -> m.port(free)).start()) {
            assertEquals(free, rs.member(1).port(), "member 1 on the port of its options");
            assertNotEquals(free, rs.member(0).port());
            assertTrue(rs.uri().contains(",localhost:" + free + "/?replicaSet=rs"), rs.uri());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MockupReplicaSet.builder().member(0, m -> m.port(70000)));
        assertEquals("expected a port from 0 to 65535, got 70000", e.getMessage());
    }
}
