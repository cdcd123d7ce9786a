package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ServerDescription;
import com.mongodb.connection.ServerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockupdb.ConnectionRole;
import org.mockupdb.Go;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupShardedCluster;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * The scenarios of PyMongo's own mock-server suite ({@code test/mockupdb/} in mongo-python-driver),
 * re-expressed for the Java driver over {@link MockupReplicaSet}, {@link MockupShardedCluster} and
 * {@link MockupServer}, where the Python tests hand-build every hello. The mixed-version sharded
 * and getMore-on-the-same-mongos scenarios are in {@link ShardedClusterTest}.
 */
class PyMongoScenariosTest {

    @BeforeAll
    static void warmUp() {
        try (MockupServer server = new MockupServer().start(); MongoClient client = Clients.connect(server)) {
            server.autoResponds("ping");
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        }
    }

    private static MongoClient client(String uri, Consumer<MongoClientSettings.Builder> more) {
        MongoClientSettings.Builder b = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS));
        more.accept(b);
        return MongoClients.create(b.build());
    }

    /** Counts down when the driver describes {@code server} as {@code type}. */
    private static final class TypeSeen implements com.mongodb.event.ClusterListener {
        private final CountDownLatch seen = new CountDownLatch(1);
        private final String address;
        private final ServerType type;

        TypeSeen(MockupServer server, ServerType type) {
            this.address = server.address();
            this.type = type;
        }

        @Override
        public void clusterDescriptionChanged(com.mongodb.event.ClusterDescriptionChangedEvent event) {
            if (event.getNewDescription().getServerDescriptions().stream()
                    .anyMatch(d -> d.getAddress().toString().equals(address) && d.getType() == type)) {
                seen.countDown();
            }
        }

        void await() {
            assertTrue(PyMongoScenariosTest.await(seen), "expected the driver to describe " + address + " as " + type);
        }
    }

    private static ServerDescription description(MongoClient client, MockupServer server) {
        return client.getClusterDescription().getServerDescriptions().stream()
                .filter(d -> d.getAddress().toString().equals(server.address())).findFirst()
                .orElseThrow(() -> new AssertionError("the driver does not know " + server.address()));
    }

    private static Outcome<Document> command(MongoClient client, String name) {
        return Go.go(() -> client.getDatabase("db").runCommand(new Document(name, 1)));
    }

    /** test_network_disconnect_primary: a hang-up on the primary leaves the set without one until it answers again. */
    @Test
    void networkDisconnectOfThePrimary() throws Exception {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             MongoClient client = client(rs.uri(), b -> { })) {
            MockupServer primary = rs.member(0);
            Outcome<Document> first = command(client, "buildinfo");
            primary.receives("buildinfo").ok();
            first.get();

            CountDownLatch hellosHeld = new CountDownLatch(1);
            primary.autoResponds(Spec.command("hello"), request -> {
                try {
                    hellosHeld.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            });
            Outcome<Document> failing = command(client, "buildinfo");
            primary.receives("buildinfo").hangUp();
            assertThrows(MongoSocketException.class, failing::get);
            assertEquals(ServerType.UNKNOWN, description(client, primary).getType());
            assertTrue(client.getClusterDescription().getServerDescriptions().stream().noneMatch(ServerDescription::isPrimary));

            hellosHeld.countDown();
            Outcome<Document> again = command(client, "buildinfo");
            Request request = rs.receives(Spec.command("buildinfo"));
            assertSame(primary, request.server().orElseThrow());
            request.ok();
            again.get();
        }
    }

    /** test_auth_recovering_member: a set whose only member is recovering times out server selection without trying it. */
    @Test
    void aRecoveringMemberIsNeverSelected() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(1).build()) {
            rs.start();
            rs.makeRecovering(rs.member(0));
            TypeSeen other = new TypeSeen(rs.member(0), ServerType.REPLICA_SET_OTHER);
            try (MongoClient client = client(rs.uri(), b -> b.applyToClusterSettings(c -> c.addClusterListener(other)
                    .serverSelectionTimeout(300, TimeUnit.MILLISECONDS)))) {
                assertThrows(MongoTimeoutException.class, () -> client.getDatabase("db").runCommand(new Document("ping", 1)));
                other.await();
            }
            assertTrue(rs.member(0).requests().stream().noneMatch(r -> r.matches(Spec.command("ping"))),
                    "the driver must not send the operation to a recovering member");
        }
    }

    /** test_rsghost: an RSGhost is never selected in a replica set, but a direct connection to it works. */
    @Test
    void anRSGhostAnswersOnlyADirectConnection() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(1).start()) {
            rs.makeGhost(rs.member(0));
            TypeSeen ghost = new TypeSeen(rs.member(0), ServerType.REPLICA_SET_GHOST);
            try (MongoClient client = client("mongodb://" + rs.member(0).address() + "/?directConnection=false",
                    b -> b.applyToClusterSettings(c -> c.addClusterListener(ghost)
                            .serverSelectionTimeout(300, TimeUnit.MILLISECONDS)))) {
                assertThrows(MongoTimeoutException.class, () -> client.getDatabase("db").runCommand(new Document("ping", 1)));
                ghost.await();
            }
            try (MongoClient direct = client("mongodb://" + rs.member(0).address() + "/?directConnection=true", b -> { })) {
                Outcome<Document> ping = command(direct, "ping");
                rs.member(0).receives("ping").ok();
                ping.get();
            }
        }
    }

    /** test_rsarbiter: the driver knows the arbiter but never sends it an operation. */
    @Test
    void anArbiterIsKnownButNeverSelected() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).arbiters(1).start()) {
            TypeSeen arbiter = new TypeSeen(rs.member(2), ServerType.REPLICA_SET_ARBITER);
            MongoClient client = client(rs.uri(), b -> b.applyToClusterSettings(c -> c.addClusterListener(arbiter)));
            try (client) {
                arbiter.await();
                for (ReadPreference pref : List.of(ReadPreference.primary(), ReadPreference.secondary(), ReadPreference.nearest())) {
                    Outcome<Document> ping = Go.go(() -> client.getDatabase("db").runCommand(new Document("ping", 1), pref));
                    Request request = rs.receives(Spec.command("ping"));
                    assertNotEquals(rs.member(2), request.server().orElseThrow(), "read preference " + pref);
                    request.ok();
                    ping.get();
                }
            }
        }
    }

    /** test_handshake / test_client_metadata: every new connection starts with a hello carrying the client's metadata. */
    @Test
    void everyNewConnectionSendsTheHandshakeMetadata() {
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             MongoClient client = client(rs.uri(), b -> b.applicationName("scenario"))) {
            Outcome<Document> first = command(client, "ping");
            rs.receives("ping").hangUp();
            assertThrows(MongoSocketException.class, first::get);
            Outcome<Document> second = command(client, "ping");
            Request ping = rs.receives("ping");
            ping.ok();
            second.get();
            Map<Integer, List<Request>> byConnection = rs.member(0).requests().stream()
                    .collect(Collectors.groupingBy(r -> r.connection().id()));
            assertTrue(byConnection.size() >= 3, "monitor, first and second pool connection: " + byConnection.keySet());
            for (List<Request> conversation : byConnection.values()) {
                Request handshake = conversation.get(0);
                assertTrue(handshake.matches(Spec.command("hello")) || handshake.matches(Spec.command("isMaster")),
                        "expected a hello first, got " + handshake);
                BsonDocument metadata = handshake.body().getDocument("client");
                assertEquals("mongo-java-driver", metadata.getDocument("driver").getString("name").getValue().split("\\|")[0]);
                assertEquals("scenario", metadata.getDocument("application").getString("name").getValue());
                assertTrue(metadata.containsKey("os") && metadata.containsKey("platform"), metadata.toJson());
            }
            assertEquals(ConnectionRole.APPLICATION, ping.connection().role());
        }
    }

    /** test_reset_and_request_check, disconnect: a hang-up makes the server Unknown; the next operation reconnects. */
    @Test
    void aDisconnectResetsTheServer() {
        try (MockupServer server = new MockupServer().start(); MongoClient client = client(server.uri(), b -> { })) {
            Outcome<Document> failing = command(client, "buildinfo");
            server.receives("buildinfo").hangUp();
            assertThrows(MongoSocketException.class, failing::get);
            assertEquals(ServerType.UNKNOWN, description(client, server).getType());
            Outcome<Document> again = command(client, "buildinfo");
            server.receives("buildinfo").ok();
            again.get();
            assertEquals(ServerType.STANDALONE, description(client, server).getType());
        }
    }

    /** test_reset_and_request_check, timeout: an operation that times out leaves the server's description as it was. */
    @Test
    void aTimeoutDoesNotResetTheServer() {
        try (MockupServer server = new MockupServer().start();
             MongoClient client = client(server.uri(), b -> b.applyToSocketSettings(s -> s.readTimeout(100, TimeUnit.MILLISECONDS)))) {
            Outcome<Document> slow = command(client, "buildinfo");
            Request request = server.receives("buildinfo");
            assertThrows(com.mongodb.MongoSocketReadTimeoutException.class, slow::get);
            request.ok();
            assertEquals(ServerType.STANDALONE, description(client, server).getType());
        }
    }

    /** test_reset_and_request_check, not primary: the error makes the driver check the server at once, not at its 10 s heartbeat. */
    @Test
    void aNotWritablePrimaryErrorRequestsAnImmediateCheck() throws Exception {
        try (MockupServer server = new MockupServer().start(); MongoClient client = client(server.uri(), b -> { })) {
            Outcome<Document> first = command(client, "ping");
            server.receives("ping").ok();
            first.get();
            CountDownLatch checked = new CountDownLatch(1);
            server.subscribe(request -> {
                if (request.matches(Spec.command("hello")) && request.connection().role() == ConnectionRole.MONITORING) {
                    checked.countDown();
                }
            });
            Outcome<Document> failing = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
            server.receives("count").reply(Reply.notWritablePrimary());
            assertThrows(com.mongodb.MongoNotPrimaryException.class, failing::get);
            long waiting = System.nanoTime();
            assertTrue(checked.await(3, TimeUnit.SECONDS), "expected the monitor's hello within 3 s of the error");
            System.out.printf("not writable primary -> the monitor's check: %.1f ms%n", (System.nanoTime() - waiting) / 1e6);
        }
    }

    /** test_op_msg_read_preference: $readPreference by topology type (mongos, replica set, standalone) and mode. */
    @ParameterizedTest
    @ValueSource(strings = {"primary", "primaryPreferred", "secondary", "secondaryPreferred"})
    void readPreferenceByTopologyType(String mode) {
        ReadPreference pref = ReadPreference.valueOf(mode);
        BsonDocument expected = pref.toDocument();
        try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(1).start();
             MongoClient client = client(cluster.uri(), b -> b.readPreference(pref))) {
            Request find = find(client, () -> cluster.receives(Spec.command("find")));
            assertEquals(mode.equals("primary") ? null : expected, find.body().get("$readPreference"), "mongos, " + mode);
        }
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start()) {
            CountDownLatch discovered = new CountDownLatch(1);
            MongoClient client = client(rs.uri(), b -> b.readPreference(pref).applyToClusterSettings(c -> c.addClusterListener(
                    new com.mongodb.event.ClusterListener() {
                        @Override
                        public void clusterDescriptionChanged(com.mongodb.event.ClusterDescriptionChangedEvent event) {
                            if (event.getNewDescription().getServerDescriptions().stream().filter(d -> d.isPrimary() || d.isSecondary())
                                    .count() == 2) {
                                discovered.countDown();
                            }
                        }
                    })));
            try (client) {
                assertTrue(await(discovered), "expected the driver to discover the primary and the secondary");
                Request find = find(client, () -> rs.receives(Spec.command("find")));
            MockupServer expectedServer = mode.startsWith("primary") ? rs.member(0) : rs.member(1);
            assertSame(expectedServer, find.server().orElseThrow(), "replica set, " + mode);
                assertEquals(mode.equals("primary") ? null : expected, find.body().get("$readPreference"), "replica set, " + mode);
            }
            // a direct connection to a secondary: the driver turns primary into primaryPreferred so the member answers
            try (MongoClient direct = client("mongodb://" + rs.member(1).address() + "/?directConnection=true",
                    b -> b.readPreference(pref))) {
                Request find = find(direct, () -> rs.member(1).receives(Spec.command("find")));
                assertEquals(mode.equals("primary") ? ReadPreference.primaryPreferred().toDocument() : expected,
                        find.body().get("$readPreference"), "direct connection to a secondary, " + mode);
            }
        }
        try (MockupServer single = new MockupServer().start(); MongoClient client = client(single.uri(), b -> b.readPreference(pref))) {
            Request find = find(client, () -> single.receives(Spec.command("find")));
            // unlike PyMongo, which never sends $readPreference to a standalone, the Java driver passes every mode but primary
            assertEquals(mode.equals("primary") ? null : expected, find.body().get("$readPreference"), "standalone, " + mode);
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Request find(MongoClient client, java.util.function.Supplier<Request> receive) {
        Outcome<Document> read = Go.go(() -> client.getDatabase("db").getCollection("c").find().first());
        Request find = receive.get();
        find.reply(Reply.ok(new Document("cursor", new Document("id", 0L).append("ns", "db.c")
                .append("firstBatch", List.of()))));
        assertNull(read.get());
        assertFalse(find.body().containsKey("$query"));
        return find;
    }
}
