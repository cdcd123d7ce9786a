package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.wire.WireMessage;

class MockupShardedClusterTest {

    @Test
    void mongosesSayIsdbgridInTheirOwnWireVersions() {
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(2).mongosWireVersions(1, 6, 17).start()) {
            assertTrue(cluster.uri().matches("mongodb://localhost:\\d+,localhost:\\d+"), cluster.uri());
            BsonDocument first = cluster.hello(cluster.mongos(0));
            BsonDocument second = cluster.hello(cluster.mongos(1));
            assertEquals("isdbgrid", first.getString("msg").getValue());
            assertTrue(first.getBoolean("isWritablePrimary").getValue());
            assertTrue(first.containsKey("topologyVersion"));
            assertFalse(first.containsKey("setName"));
            assertFalse(first.containsKey("serviceId"));
            assertEquals(25, first.getInt32("maxWireVersion").getValue());
            assertEquals(17, second.getInt32("maxWireVersion").getValue());
            assertEquals(6, second.getInt32("minWireVersion").getValue());
        }
    }

    @Test
    void loadBalancedModeGivesAServiceIdToClientsThatAskForIt() {
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(1).loadBalanced(true).start();
             RawClient plain = new RawClient(cluster.mongos(0));
             RawClient balanced = new RawClient(cluster.mongos(0))) {
            assertTrue(cluster.uri().endsWith("/?loadBalanced=true"), cluster.uri());
            plain.sendMsg(new Document("hello", 1).append("$db", "admin"));
            assertFalse(((WireMessage.Msg) plain.read().message()).body().containsKey("serviceId"));
            balanced.sendMsg(new Document("hello", 1).append("loadBalanced", true).append("$db", "admin"));
            assertEquals(cluster.serviceId(0),
                    ((WireMessage.Msg) balanced.read().message()).body().getObjectId("serviceId").getValue());
        }
    }

    @Test
    void theClustersQueueTakesFromAnyMongos() {
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(2).start();
             RawClient client = new RawClient(cluster.mongos(1))) {
            client.sendMsg(new Document("find", "c"));
            Request find = cluster.receives(Spec.command("find", "c"));
            assertSame(cluster.mongos(1), find.server().orElseThrow());
            find.ok();
        }
    }

    @Test
    void misuseGetsClearErrors() {
        IllegalArgumentException twoBalanced = assertThrows(IllegalArgumentException.class,
                () -> MockupShardedCluster.builder().mongoses(2).loadBalanced(true).build());
        assertTrue(twoBalanced.getMessage().contains("one mongos behind the load balancer"), twoBalanced.getMessage());
        IllegalArgumentException noSuchMongos = assertThrows(IllegalArgumentException.class,
                () -> MockupShardedCluster.builder().mongoses(2).mongosWireVersions(2, 0, 17).build());
        assertTrue(noSuchMongos.getMessage().contains("mongos 2"), noSuchMongos.getMessage());
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().build();
             MockupServer stranger = new MockupServer()) {
            IllegalStateException notStarted = assertThrows(IllegalStateException.class, cluster::uri);
            assertTrue(notStarted.getMessage().contains("not started"), notStarted.getMessage());
            IndexOutOfBoundsException index = assertThrows(IndexOutOfBoundsException.class, () -> cluster.mongos(2));
            assertTrue(index.getMessage().contains("sharded cluster") && index.getMessage().contains("0 to 1"),
                    index.getMessage());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> cluster.makeUnreachable(stranger));
            assertTrue(unknown.getMessage().contains("not a mongos of sharded cluster"), unknown.getMessage());
            cluster.start();
            IllegalStateException twice = assertThrows(IllegalStateException.class, cluster::start);
            assertTrue(twice.getMessage().contains("already started"), twice.getMessage());
            cluster.stop();
            cluster.stop();
        }
    }
}
