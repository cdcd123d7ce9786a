package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterType;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupShardedCluster;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ReplicaSet;
import org.mockupdb.junit5.ServerName;
import org.mockupdb.junit5.ShardedCluster;

/** Replica sets and sharded clusters as parameters, with clients connected to the whole topology. */
@MockupDB(requestTimeout = "5s")
public class TopologiesExample {

    static void record(String key, MockupReplicaSet rs) {
        rs.members().forEach(m -> Recorder.record(key, m));
    }

    static void record(String key, MockupShardedCluster cluster) {
        cluster.mongoses().forEach(m -> Recorder.record(key, m));
    }

    @Test
    void replicaSetAndClient(@ReplicaSet(members = 2, setName = "shop", arbiters = 1) MockupReplicaSet rs,
                             MongoClient client) {
        record("rs", rs);
        assertEquals("shop", rs.setName());
        assertEquals(3, rs.members().size());
        assertEquals(1, rs.arbiters().size());
        Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(new Document("x", 1)));
        Request request = rs.receives(Spec.command("insert"));
        assertSame(rs.primary().orElseThrow(), request.server().orElseThrow(), "the insert went to the primary");
        request.ok("n", 1);
        insert.get();
        assertEquals(ClusterType.REPLICA_SET, client.getClusterDescription().getType());
    }

    @Test
    @ShardedCluster(mongoses = 3)
    void clusterAndClient(MockupShardedCluster cluster, MongoClient client) {
        record("cluster", cluster);
        assertEquals(3, cluster.mongoses().size());
        Outcome<?> find = Go.go(() -> client.getDatabase("db").getCollection("c").find().first());
        Request request = cluster.receives(Spec.command("find"));
        assertTrue(cluster.mongoses().contains(request.server().orElseThrow()));
        request.reply(new Document("cursor", new Document("id", 0L).append("ns", "db.c")
                .append("firstBatch", java.util.List.of())));
        find.get();
        assertEquals(ClusterType.SHARDED, client.getClusterDescription().getType());
    }

    @Test
    @ReplicaSet(members = 1, setName = "alone")
    @AutoRespond(value = "ping", reply = "{from: 'member'}")
    @ClientSettings(uriOptions = "appName=topologies")
    void clientAloneConnectsToTheAnnotatedSet(MongoClient client) {
        assertEquals("member", client.getDatabase("admin").runCommand(new Document("ping", 1)).getString("from"));
        assertEquals(ClusterType.REPLICA_SET, client.getClusterDescription().getType());
        assertEquals("alone", client.getClusterDescription().getServerDescriptions().get(0).getSetName());
    }

    @Test
    @ShardedCluster(loadBalanced = true)
    void loadBalanced(MockupShardedCluster cluster, MongoClient client) {
        record("lb", cluster);
        assertTrue(cluster.isLoadBalanced());
        assertEquals(1, cluster.mongoses().size());
        Outcome<?> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        cluster.receives(Spec.command("ping")).ok();
        ping.get();
        assertEquals(ClusterType.LOAD_BALANCED, client.getClusterDescription().getType());
    }

    @Test
    void namedTopologiesBesideAServer(@ServerName("a") MockupReplicaSet a, @ServerName("b") MockupReplicaSet b,
                                      MockupServer server, @ServerName("b") MongoClient clientOfB) {
        record("named", a);
        record("named", b);
        Recorder.record("named", server);
        assertTrue(a.members().stream().noneMatch(b.members()::contains), "two sets");
        Outcome<?> ping = Go.go(() -> clientOfB.getDatabase("admin").runCommand(new Document("ping", 1)));
        Request request = b.receives(Spec.command("ping"));
        request.ok();
        ping.get();
        assertTrue(a.pendingRequests().isEmpty());
    }

    @Test
    void failsWithEveryMembersConversation(MockupReplicaSet rs, MongoClient client) {
        record("failing", rs);
        Outcome<?> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        rs.receives(Spec.command("ping")).ok();
        ping.get();
        fail("on purpose, after a ping");
    }

    @Test
    void leavesAnInsert(MockupReplicaSet rs, MongoClient client) {
        record("leftover", rs);
        Go.go(() -> client.getDatabase("db").getCollection("orders").insertOne(new Document("item", "kettle")));
        assertTrue(rs.got(Spec.command("insert")), "the insert arrived");
    }

    @Test
    void wrongAnnotation(@ShardedCluster MockupReplicaSet rs) {
        fail("not reached: the parameter is refused");
    }

    @Test
    void stepDownAndElect(@ReplicaSet(members = 2) MockupReplicaSet rs, MongoClient client) {
        record("failover", rs);
        rs.stepDown();
        rs.elect(1);
        Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(new Document("x", 1)));
        Request request = rs.receives(Spec.command("insert"), Duration.ofSeconds(5));
        if (request.server().orElseThrow() != rs.member(1)) {
            // The driver had not heard of the election yet: the old primary refuses the write, as mongod
            // does, and the driver retries it on the member it now knows is primary.
            request.reply(Reply.notWritablePrimary());
            request = rs.receives(Spec.command("insert"), Duration.ofSeconds(5));
        }
        assertSame(rs.member(1), request.server().orElseThrow());
        request.ok("n", 1);
        insert.get();
    }

    @Test
    void onAServer(@ReplicaSet MockupServer server) {
        fail("not reached: the parameter is refused");
    }

    /** A server beside the client wins over the class's or method's topology annotation. */
    @Test
    @ReplicaSet
    @AutoRespond(value = "ping", reply = "{from: 'server'}")
    void aServerBesideTheClientWins(MockupServer server, MongoClient client) {
        Recorder.record("beside", server);
        assertEquals("server", client.getDatabase("admin").runCommand(new Document("ping", 1)).getString("from"));
        assertEquals(ClusterType.STANDALONE, client.getClusterDescription().getType());
    }

    /** A wire-version run sets every member's maxWireVersion. */
    @org.mockupdb.junit5.WireVersions({17, 21})
    @AutoRespond("ping")
    void eachRunGetsItsSet(MockupReplicaSet rs, MongoClient client) {
        record("template", rs);
        int max = rs.hello(rs.member(0)).getInt32("maxWireVersion").getValue();
        assertTrue(max == 17 || max == 21, "maxWireVersion " + max);
        rs.members().forEach(m -> assertEquals(max, rs.hello(m).getInt32("maxWireVersion").getValue()));
        assertEquals(max, Recorder.maxWireVersionSeenByDriver(client));
    }
}
