package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.connection.ServerDescription;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockupdb.ConnectionRole;
import org.mockupdb.Go;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * The Java driver against a {@link MockupReplicaSet}, with the driver's default heartbeat: it
 * discovers the set, hears elections through the streaming hello, retries writes on the new
 * primary and keeps a cursor on the member that opened it.
 */
class ReplicaSetTest {

    /** Loads the driver's classes first, so that the timed scenarios time the scenario, not the JVM warming up. */
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

    /** The scenario: a cursor on the primary, a failover during a write, the getMore still on the old member. */
    @Test
    void failoverDuringAWriteWhileACursorIsOpen() {
        long started = System.nanoTime();
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             MongoClient client = Clients.connect(rs.uri())) {
            MockupServer old = rs.member(0);
            MockupServer next = rs.member(1);
            MongoCollection<Document> c = client.getDatabase("db").getCollection("c");

            Outcome<MongoCursor<Document>> open = Go.go(() -> {
                MongoCursor<Document> cursor = c.find().batchSize(2).iterator();
                cursor.next();
                return cursor;
            });
            old.receives(Spec.command("find", "c")).reply(cursor(42, "firstBatch",
                    List.of(new Document("_id", 1), new Document("_id", 2))));
            MongoCursor<Document> cursor = open.get();

            Outcome<?> insert = Go.go(() -> c.insertOne(new Document("_id", 3)));
            Request first = old.receives(Spec.command("insert", "c"));
            rs.elect(next);
            first.reply(Reply.notWritablePrimary());
            Request retry = next.receives(Spec.command("insert", "c"), Duration.ofSeconds(5));
            assertEquals(first.body().get("lsid"), retry.body().get("lsid"));
            assertEquals(first.body().get("txnNumber"), retry.body().get("txnNumber"));
            retry.ok(new Document("n", 1));
            insert.get();

            Outcome<Document> more = Go.go(() -> {
                cursor.next();
                return cursor.next();
            });
            Request getMore = rs.receives(Spec.command("getMore"));
            assertSame(old, getMore.server().orElseThrow(), "the getMore must go to the member that ran the find");
            getMore.reply(cursor(0, "nextBatch", List.of(new Document("_id", 3))));
            assertEquals(3, more.get().get("_id"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("failover scenario took " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "expected the scenario within 1 s, took " + took);
    }

    @Test
    void discoversTheSetFromOneSeed() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(3).start();
             MongoClient client = Clients.connect("mongodb://" + rs.member(2).address() + "/?replicaSet=rs")) {
            Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(new Document()));
            Request request = rs.receives(Spec.command("insert"));
            assertSame(rs.primary().orElseThrow(), request.server().orElseThrow());
            request.ok(new Document("n", 1));
            insert.get();
            Set<String> known = client.getClusterDescription().getServerDescriptions().stream()
                    .map(ServerDescription::getAddress).map(Object::toString).collect(Collectors.toSet());
            assertEquals(rs.members().stream().map(MockupServer::address).collect(Collectors.toSet()), known);
        }
    }

    @Test
    void secondaryReadsGoToASecondaryWithReadPreference() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(3).start();
             MongoClient client = Clients.connect(rs.uri())) {
            Outcome<Document> read = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .withReadPreference(ReadPreference.secondary()).find().first());
            Request find = rs.receives(Spec.command("find", "c"));
            assertTrue(rs.secondaries().contains(find.server().orElseThrow()), "expected a secondary, got "
                    + find.server());
            assertEquals(BsonDocument.parse("{mode: 'secondary'}"), find.body().get("$readPreference"));
            assertEquals(ConnectionRole.APPLICATION, find.connection().role());
            find.reply(cursor(0, "firstBatch", List.of(new Document("_id", 1))));
            assertEquals(1, read.get().get("_id"));
        }
    }

    /** A step-down and an election reach the driver through the streaming hello, not at its next 10 s poll. */
    @Test
    void anElectionIsNoticedThroughStreaming() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(3).start();
             MongoClient client = Clients.connect(rs.uri())) {
            MongoCollection<Document> c = client.getDatabase("db").getCollection("c");
            Outcome<?> warm = Go.go(() -> c.insertOne(new Document()));
            rs.member(0).receives(Spec.command("insert")).ok(new Document("n", 1));
            warm.get();

            rs.stepDown();
            long elected = System.nanoTime();
            rs.elect(rs.member(1));
            Outcome<?> insert = Go.go(() -> c.insertOne(new Document()));
            while (true) {
                Request request = rs.receives(Spec.command("insert"), Duration.ofSeconds(5));
                if (request.server().orElseThrow() == rs.member(1)) {
                    long took = System.nanoTime() - elected;
                    System.out.printf("elect -> first write on the new primary: %.1f ms%n", took / 1e6);
                    assertTrue(took < Duration.ofSeconds(2).toNanos(), "expected the driver to notice the election "
                            + "well before its 10 s heartbeat, took " + took / 1_000_000 + " ms");
                    request.ok(new Document("n", 1));
                    break;
                }
                request.reply(Reply.notWritablePrimary());
            }
            insert.get();
            boolean streamed = rs.member(1).requests().stream().anyMatch(r -> r.body().containsKey("maxAwaitTimeMS")
                    && r.connection().role() == ConnectionRole.MONITORING);
            assertTrue(streamed, "expected the driver's monitor to stream hello from member 1");
        }
    }

    @Test
    void aRetryableWriteAfterAHangUpIsRetriedOnceOnTheNewPrimary() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             MongoClient client = Clients.connect(rs.uri())) {
            Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(new Document()));
            Request first = rs.receives(Spec.command("insert"));
            assertSame(rs.member(0), first.server().orElseThrow());
            rs.elect(rs.member(1));
            first.hangUp();
            Request retry = rs.receives(Spec.command("insert"));
            assertSame(rs.member(1), retry.server().orElseThrow());
            assertEquals(first.body().get("lsid"), retry.body().get("lsid"));
            assertEquals(first.body().get("txnNumber"), retry.body().get("txnNumber"));
            retry.ok(new Document("n", 1));
            insert.get();
            assertTrue(rs.pendingRequests().stream().noneMatch(r -> r.matches(Spec.command("insert"))),
                    "expected one retry, got " + rs.pendingRequests());
        }
    }

    /** A single server streams only when asked (topologyVersion); the driver's RTT connection is then told apart. */
    @Test
    void aSingleServerStreamsWhenAskedAndTheRoundTripConnectionIsToldApart() throws Exception {
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch roundTrip = new java.util.concurrent.CountDownLatch(1);
        try (MockupServer server = MockupServer.builder().topologyVersion(true).conversationListener(event -> {
            if (event.kind() == org.mockupdb.ConversationEvent.Kind.REPLY && event.request().isPresent()) {
                Request request = event.request().get();
                if (request.body().containsKey("maxAwaitTimeMS")) {
                    streaming.countDown();
                } else if (request.connection().role() == ConnectionRole.ROUND_TRIP_TIME) {
                    roundTrip.countDown();
                }
            }
        }).start();
             MongoClient client = com.mongodb.client.MongoClients.create(com.mongodb.MongoClientSettings.builder()
                     .applyConnectionString(new com.mongodb.ConnectionString(server.uri()))
                     .applyToServerSettings(b -> b.heartbeatFrequency(500, java.util.concurrent.TimeUnit.MILLISECONDS))
                     .build())) {
            server.autoResponds("ping");
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            assertTrue(streaming.await(5, java.util.concurrent.TimeUnit.SECONDS), "expected a streaming hello");
            assertTrue(roundTrip.await(5, java.util.concurrent.TimeUnit.SECONDS),
                    "expected a hello on a round-trip-time connection among " + server.requests().stream()
                            .map(r -> r.connection().id() + ":" + r.connection().role()).distinct().toList());
        }
        try (MockupServer plain = new MockupServer().start(); MongoClient client = Clients.connect(plain)) {
            plain.autoResponds("ping");
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            assertTrue(plain.requests().stream().noneMatch(r -> r.body().containsKey("topologyVersion")),
                    "a server without topologyVersion is never asked to stream");
        }
    }

    /** A member that hangs up drops out of server selection; reachable again, the next operation that needs it finds it. */
    @Test
    void anUnreachableSecondaryDropsOutAndComesBack() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             MongoClient client = Clients.connect(rs.uri())) {
            MongoCollection<Document> secondaryReads = client.getDatabase("db").getCollection("c")
                    .withReadPreference(ReadPreference.secondaryPreferred());
            Outcome<Document> read = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .withReadPreference(ReadPreference.secondary()).find().first());
            rs.member(1).receives(Spec.command("find")).reply(cursor(0, "firstBatch", List.of()));
            read.get();

            rs.makeUnreachable(rs.member(1), MockupReplicaSet.Unreachable.REFUSE);
            Outcome<Document> fallback = Go.go(() -> secondaryReads.find().first());
            Request find = rs.receives(Spec.command("find"));
            assertSame(rs.member(0), find.server().orElseThrow(), "with the secondary gone, secondaryPreferred reads the primary");
            find.reply(cursor(0, "firstBatch", List.of()));
            fallback.get();

            rs.makeReachable(rs.member(1));
            Outcome<Document> back = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .withReadPreference(ReadPreference.secondary()).find().first());
            Request again = rs.receives(Spec.command("find"), Duration.ofSeconds(5));
            assertSame(rs.member(1), again.server().orElseThrow());
            again.reply(cursor(0, "firstBatch", List.of()));
            back.get();
        }
    }
}
