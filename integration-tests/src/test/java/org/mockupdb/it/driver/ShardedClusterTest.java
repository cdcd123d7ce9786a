package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.BsonBoolean;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupShardedCluster;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/** The Java driver against a {@link MockupShardedCluster}: mongoses of mixed versions, cursors, load balancing. */
class ShardedClusterTest {

    @BeforeAll
    static void warmUp() {
        try (MockupServer server = new MockupServer().start(); MongoClient client = Clients.connect(server)) {
            server.autoResponds("ping");
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        }
    }

    private static Reply cursor(long id, String batch, List<Document> docs) {
        return Reply.ok(new Document("cursor", new Document("id", id).append("ns", "db.c").append(batch, docs)));
    }

    @Test
    void mongosesOfMixedVersionsServeTheDriver() {
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(2)
                .mongosWireVersions(1, 0, 17).start();
             MongoClient client = Clients.connect(cluster.uri())) {
            assertEquals(17, cluster.hello(cluster.mongos(1)).getInt32("maxWireVersion").getValue());
            assertEquals("isdbgrid", cluster.hello(cluster.mongos(0)).getString("msg").getValue());
            Set<MockupServer> seen = new java.util.HashSet<>();
            for (int i = 0; i < 40 && seen.size() < 2; i++) {
                Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(new Document()));
                Request request = cluster.receives(Spec.command("insert"));
                assertTrue(request.body().containsKey("txnNumber"), "a retryable write to a mongos: " + request);
                seen.add(request.server().orElseThrow());
                request.ok(new Document("n", 1));
                insert.get();
            }
            assertEquals(Set.copyOf(cluster.mongoses()), seen, "expected writes on both mongoses");
            Set<String> types = client.getClusterDescription().getServerDescriptions().stream()
                    .map(d -> d.getType().name()).collect(Collectors.toSet());
            assertEquals(Set.of("SHARD_ROUTER"), types);
        }
    }

    @Test
    void everyGetMoreGoesToTheMongosThatRanTheFind() {
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(3).start();
             MongoClient client = Clients.connect(cluster.uri())) {
            MongoCollection<Document> c = client.getDatabase("db").getCollection("c");
            for (int round = 0; round < 6; round++) {
                Outcome<List<Document>> all = Go.go(() -> c.find().batchSize(1).into(new java.util.ArrayList<>()));
                Request find = cluster.receives(Spec.command("find"));
                MockupServer mongos = find.server().orElseThrow();
                find.reply(cursor(7, "firstBatch", List.of(new Document("_id", 1))));
                Request more = cluster.receives(Spec.command("getMore"));
                assertSame(mongos, more.server().orElseThrow(), "round " + round);
                more.reply(cursor(7, "nextBatch", List.of(new Document("_id", 2))));
                Request last = cluster.receives(Spec.command("getMore"));
                assertSame(mongos, last.server().orElseThrow(), "round " + round);
                last.reply(cursor(0, "nextBatch", List.of()));
                assertEquals(2, all.get().size());
            }
        }
    }

    @Test
    void loadBalancedModeWithServiceIdPinsCursorsAndTransactions() {
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(1).loadBalanced(true).start();
             MongoClient client = Clients.connect(cluster.uri())) {
            assertTrue(cluster.uri().endsWith("/?loadBalanced=true"), cluster.uri());
            MongoCollection<Document> c = client.getDatabase("db").getCollection("c");

            Outcome<MongoCursor<Document>> open = Go.go(() -> {
                MongoCursor<Document> cursor = c.find().batchSize(1).iterator();
                cursor.next();
                return cursor;
            });
            Request find = cluster.receives(Spec.command("find"));
            assertEquals(BsonBoolean.TRUE, find.connection().handshake().orElseThrow().get("loadBalanced"));
            find.reply(cursor(9, "firstBatch", List.of(new Document("_id", 1))));
            MongoCursor<Document> cursor = open.get();
            // another operation meanwhile takes another connection: the cursor's stays pinned
            Outcome<?> insert = Go.go(() -> c.insertOne(new Document("_id", 5)));
            Request other = cluster.receives(Spec.command("insert"));
            Outcome<Document> next = Go.go(cursor::next);
            Request getMore = cluster.receives(Spec.command("getMore"));
            assertEquals(find.connection().id(), getMore.connection().id(), "the getMore on the find's connection");
            getMore.reply(cursor(0, "nextBatch", List.of(new Document("_id", 2))));
            assertEquals(2, next.get().get("_id"));
            other.ok(new Document("n", 1));
            insert.get();

            Outcome<?> transaction = Go.go(() -> {
                try (ClientSession session = client.startSession()) {
                    session.startTransaction();
                    c.insertOne(session, new Document("_id", 1));
                    c.insertOne(session, new Document("_id", 2));
                    session.commitTransaction();
                }
            });
            Request first = cluster.receives(Spec.command("insert"));
            first.ok(new Document("n", 1));
            Request second = cluster.receives(Spec.command("insert"));
            second.ok(new Document("n", 1));
            Request commit = cluster.receives(Spec.command("commitTransaction"));
            commit.ok();
            transaction.get();
            assertEquals(first.connection().id(), second.connection().id());
            assertEquals(first.connection().id(), commit.connection().id());
            assertEquals(BsonBoolean.FALSE, first.body().get("autocommit"));
        }
    }
}
