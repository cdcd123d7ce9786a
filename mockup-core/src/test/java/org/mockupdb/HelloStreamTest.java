package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.WireMessage;

/** A single server's topologyVersion and streaming hello, only when built with it. */
class HelloStreamTest {

    private static BsonDocument body(Frame frame) {
        return ((WireMessage.Msg) frame.message()).body();
    }

    @Test
    void withoutTheOptionTheHelloHasNoTopologyVersion() {
        try (MockupServer server = new MockupServer().start(); RawClient client = new RawClient(server)) {
            client.sendMsg(new Document("hello", 1).append("$db", "admin"));
            assertFalse(body(client.read()).containsKey("topologyVersion"));
        }
    }

    @Test
    void withItAHelloFieldChangeReachesTheStreamAtOnce() {
        try (MockupServer server = MockupServer.builder().topologyVersion(true).start();
             RawClient client = new RawClient(server)) {
            client.sendMsg(new Document("hello", 1).append("$db", "admin"));
            BsonDocument version = body(client.read()).getDocument("topologyVersion");
            client.sendMsg(OpMsg.EXHAUST_ALLOWED, new Document("hello", 1).append("topologyVersion", version)
                    .append("maxAwaitTimeMS", 200).append("$db", "admin"), Map.of());
            long started = System.nanoTime();
            Frame timedOut = client.read();
            long waited = System.nanoTime() - started;
            assertTrue(waited >= Duration.ofMillis(150).toNanos(), "expected a reply after maxAwaitTimeMS, got one after "
                    + waited / 1_000_000 + " ms");
            assertEquals(version, body(timedOut).getDocument("topologyVersion"), "nothing changed");
            assertTrue((((WireMessage.Msg) timedOut.message()).flagBits() & OpMsg.MORE_TO_COME) != 0);

            server.setHelloField("tags", new Document("dc", "east"));
            Frame changed = client.read();
            assertEquals(timedOut.requestId(), changed.responseTo());
            assertEquals(new BsonDocument("dc", new org.bson.BsonString("east")), body(changed).get("tags"));
            assertTrue(body(changed).getDocument("topologyVersion").getInt64("counter").getValue()
                    > version.getInt64("counter").getValue());
            long stopping = System.nanoTime();
            server.stop();
            assertTrue(System.nanoTime() - stopping < Duration.ofSeconds(2).toNanos(), "the stream ends at stop");
        }
    }
}
