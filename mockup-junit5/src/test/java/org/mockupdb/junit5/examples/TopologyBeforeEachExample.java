package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterType;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ReplicaSet;

/** A client taken in @BeforeEach connects to what the test method asks for: a set, or a server. */
@MockupDB(requestTimeout = "5s")
@AutoRespond("ping")
public class TopologyBeforeEachExample {
    private MongoClient client;

    @BeforeEach
    void open(MongoClient client) {
        this.client = client;
    }

    @Test
    void clientOfTheTestsSet(@ReplicaSet(members = 2) MockupReplicaSet rs, MongoClient same) {
        TopologiesExample.record("before-each", rs);
        assertSame(client, same);
        assertEquals(2, rs.members().size());
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        assertEquals(ClusterType.REPLICA_SET, client.getClusterDescription().getType());
    }

    @Test
    void clientOfTheTestsServer(MockupServer server) {
        Recorder.record("before-each", server);
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        assertEquals(ClusterType.STANDALONE, client.getClusterDescription().getType());
    }
}
