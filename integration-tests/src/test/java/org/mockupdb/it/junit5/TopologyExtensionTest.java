package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ClusterType;
import java.time.Duration;
import java.util.List;
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
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ReplicaSet;
import org.mockupdb.junit5.ShardedCluster;

/** Topologies injected by the extension, driven with mongodb-driver-sync against real sockets. */
@MockupDB(requestTimeout = "5s")
class TopologyExtensionTest {

    /**
     * The failover: the primary answers a write with NotWritablePrimary, the set elects member 1,
     * and the driver's retry of the same write (same lsid and txnNumber) reaches the new primary,
     * heard through the streaming hello, well before a 10 s heartbeat.
     */
    @Test
    void aRetriedWriteReachesTheElectedMember(@ReplicaSet(members = 3, setName = "orders") MockupReplicaSet rs,
                                              MongoClient client) {
        MockupServer old = rs.primary().orElseThrow();
        MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
        long started = System.nanoTime();
        Outcome<?> insert = Go.go(() -> orders.insertOne(new Document("_id", 1)));
        Request first = rs.receives(Spec.command("insert", "orders"));
        assertSame(old, first.server().orElseThrow(), "the first attempt goes to the primary");
        rs.elect(1);
        first.reply(Reply.notWritablePrimary());
        Request retry = rs.receives(Spec.command("insert", "orders"));
        assertSame(rs.member(1), retry.server().orElseThrow(), "the retry goes to the elected member");
        assertEquals(first.body().get("lsid"), retry.body().get("lsid"));
        assertEquals(first.body().get("txnNumber"), retry.body().get("txnNumber"));
        retry.ok(new Document("n", 1));
        insert.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "expected the failover well before a heartbeat, took "
                + took.toMillis() + " ms");
        assertEquals(ClusterType.REPLICA_SET, client.getClusterDescription().getType());
    }

    /** The client keeps the options @ClientSettings gives: secondary reads go to a secondary. */
    @Test
    @ClientSettings(uriOptions = "readPreference=secondary&appName=rs-reader")
    void secondaryReadsFromClientSettings(MockupReplicaSet rs, MongoClient client) {
        assertEquals(ReadPreference.secondary(), client.getDatabase("db").getReadPreference());
        Outcome<Document> find = Go.go(() -> client.getDatabase("db").getCollection("c").find().first());
        Request request = rs.receives(Spec.command("find", "c"));
        assertTrue(rs.secondaries().contains(request.server().orElseThrow()), "a secondary got the find: "
                + request.server());
        assertEquals("secondary", request.body().getDocument("$readPreference").getString("mode").getValue());
        assertEquals("rs-reader", request.connection().appName().orElseThrow());
        request.reply(new Document("cursor", new Document("id", 0L).append("ns", "db.c")
                .append("firstBatch", List.of(new Document("_id", 7)))));
        assertEquals(7, find.get().get("_id"));
    }

    /** Every getMore of a cursor goes back to the mongos that ran the find. */
    @Test
    @ShardedCluster(mongoses = 2)
    void getMoreGoesToTheMongosOfTheFind(MockupShardedCluster cluster, MongoClient client) {
        Outcome<List<Document>> all = Go.go(() -> client.getDatabase("db").getCollection("c").find().batchSize(1)
                .into(new java.util.ArrayList<>()));
        Request find = cluster.receives(Spec.command("find", "c"));
        MockupServer mongos = find.server().orElseThrow();
        find.reply(new Document("cursor", new Document("id", 42L).append("ns", "db.c")
                .append("firstBatch", List.of(new Document("_id", 1)))));
        Request getMore = cluster.receives(Spec.command("getMore"));
        assertSame(mongos, getMore.server().orElseThrow(), "the getMore must go to the mongos of the find");
        getMore.reply(new Document("cursor", new Document("id", 0L).append("ns", "db.c")
                .append("nextBatch", List.of(new Document("_id", 2)))));
        assertEquals(2, all.get().size());
    }

    /** With @MockupDB(tls = true) every member serves TLS, and the client trusts the test certificate. */
    @Test
    @MockupDB(tls = true)
    @org.mockupdb.junit5.AutoRespond("ping")
    void overTls(@ReplicaSet(members = 2) MockupReplicaSet rs, MongoClient client) {
        assertTrue(rs.members().stream().allMatch(MockupServer::isTls), "every member serves TLS");
        assertEquals(1.0, ((Number) client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok"))
                .doubleValue());
        assertEquals(ClusterType.REPLICA_SET, client.getClusterDescription().getType());
    }
}
