package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterType;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupShardedCluster;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ReplicaSet;

/** Topologies in fields: a static cluster for the class, a replica set per test, clients beside them. */
@AutoRespond(value = "ping", reply = "{pong: true}")
public class TopologyFieldsExample {
    @MockupDB
    static MongoClient classClient;

    @MockupDB
    static MockupShardedCluster cluster;

    @MockupDB
    MongoClient client;

    @MockupDB
    @ReplicaSet(members = 2, setName = "fields")
    MockupReplicaSet rs;

    static MockupReplicaSet previous;

    @Test
    void first(MockupReplicaSet fromParameter) {
        check(fromParameter);
    }

    @Test
    void second(MockupReplicaSet fromParameter) {
        check(fromParameter);
    }

    private void check(MockupReplicaSet fromParameter) {
        TopologiesExample.record("fields:test", rs);
        assertSame(rs, fromParameter, "a parameter shares the field's set");
        assertNotSame(previous, rs, "a set per test");
        previous = rs;
        assertEquals("fields", rs.setName());
        assertTrue(client.getDatabase("admin").runCommand(new Document("ping", 1)).getBoolean("pong"));
        assertEquals(ClusterType.REPLICA_SET, client.getClusterDescription().getType());
        assertTrue(classClient.getDatabase("admin").runCommand(new Document("ping", 1)).getBoolean("pong"));
        assertEquals(ClusterType.SHARDED, classClient.getClusterDescription().getType());
    }

    @AfterAll
    static void afterAll() {
        TopologiesExample.record("fields:class", cluster);
        assertTrue(cluster.isRunning(), "the class's cluster still runs in @AfterAll");
    }
}
