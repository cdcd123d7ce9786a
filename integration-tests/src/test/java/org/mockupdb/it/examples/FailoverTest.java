package org.mockupdb.it.examples;

// The README's JUnit 5 replica-set example, run by Maven as any test class.

// README: junit5-replica-set
import static org.junit.jupiter.api.Assertions.assertSame;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupShardedCluster;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ReplicaSet;
import org.mockupdb.junit5.ShardedCluster;

@MockupDB(requestTimeout = "5s")
class FailoverTest {
    @Test
    void retriedOnTheNewPrimary(@ReplicaSet(members = 3, setName = "rs") MockupReplicaSet rs,
                                MongoClient client) {   // connected to the whole set: every member a seed
        Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c")
                .insertOne(new Document("_id", 1)));
        Request first = rs.receives(Spec.command("insert"));     // from any member
        rs.elect(rs.member(1));
        first.reply(Reply.notWritablePrimary());
        Request retry = rs.receives(Spec.command("insert"));
        assertSame(rs.member(1), retry.server().orElseThrow());
        retry.ok(new Document("n", 1));
        insert.get();
    }

    @Test
    @ShardedCluster(mongoses = 2)                 // or loadBalanced = true: one mongos, loadBalanced=true
    void throughAMongos(MockupShardedCluster cluster, MongoClient client) {
        Outcome<?> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        cluster.receives(Spec.command("ping")).ok();
        ping.get();
    }
}
// README: end
