package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ServerType;
import com.mongodb.event.ServerDescriptionChangedEvent;
import com.mongodb.event.ServerListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.ConnectionRole;
import org.mockupdb.Fault;
import org.mockupdb.FaultRule;
import org.mockupdb.InjectedFault;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * Faults MockupDB injects beyond failCommand, against the Java driver 5.14 over real sockets:
 * stalls, replies the driver must refuse, slow replies, connection faults, the Nth request, a
 * fault on the monitoring connection only. Each test prints the driver's reaction and its time.
 */
class FaultRuleDriverTest {
    private MockupServer server;
    private final List<MongoClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new MockupServer().start();
        server.autoResponds("ping");
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        server.stop();
    }

    private MongoClient client(Consumer<MongoClientSettings.Builder> more) {
        MongoClientSettings.Builder b = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS).readTimeout(1, TimeUnit.SECONDS))
                .retryReads(false);
        more.accept(b);
        MongoClient client = MongoClients.create(b.build());
        clients.add(client);
        return client;
    }

    private static Document ping(MongoClient client) {
        return client.getDatabase("admin").runCommand(new Document("ping", 1));
    }

    private static Throwable pingFails(MongoClient client, String what) {
        long start = System.nanoTime();
        Throwable e = assertThrows(RuntimeException.class, () -> ping(client));
        System.out.printf("[fault] %s: %s: %s in %d ms%n", what, e.getClass().getName(), e.getMessage(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return e;
    }

    @Test
    void aStallTimesTheClientOutAndKeepsTheSocketOpenUntilReleased() {
        MongoClient client = client(b -> { });
        ping(client);
        InjectedFault stall = server.injectFault(FaultRule.of(Fault.stall()).matching(Spec.command("ping")).times(1)
                .named("ping stalls"));
        Throwable e = pingFails(client, "stall");
        assertTrue(e instanceof MongoSocketReadTimeoutException, e.toString());
        assertEquals(1, stall.count());
        Request stalled = server.requests().stream().filter(r -> r.matches(Spec.command("ping")))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(server.transcript().contains("fault \"ping stalls\""), server.transcript());
        assertTrue(server.transcript().contains("stall: no reply"), server.transcript());
        // the driver closes its end after its timeout, or releaseStalls() closes the server's
        int released = server.releaseStalls();
        assertTrue(released <= 1, "expected at most the one stalled connection released, got " + released);
        assertFalse(stalled.connection().isOpen(), "released, or closed by the client");
        assertEquals(1.0, ping(client).get("ok", Number.class).doubleValue(), "a new connection works");
    }

    @Test
    void aWrongResponseToIsTheDriversOwnError() {
        MongoClient client = client(b -> { });
        ping(client);
        server.injectFault(FaultRule.of(Fault.wrongResponseTo(Reply.ok())).matching(Spec.command("ping")).times(1));
        Throwable e = pingFails(client, "wrong responseTo");
        assertTrue(e.getMessage().contains("responseTo"), e.getMessage());
        assertTrue(server.transcript().contains("with responseTo"), server.transcript());
    }

    /**
     * The Java driver 5.14 does not verify OP_MSG checksums (it never sends one either): it reads
     * the body and ignores the trailing CRC, so the reply is accepted. PyMongo refuses it (see the
     * client scenarios), and ReplyFaultsTest in core proves the CRC on the wire is wrong.
     */
    @Test
    void aBadChecksumIsAcceptedByTheJavaDriverWhichDoesNotVerifyChecksums() {
        MongoClient client = client(b -> { });
        ping(client);
        server.injectFault(FaultRule.of(Fault.badChecksum(Reply.ok("checked", false))).matching(Spec.command("ping"))
                .times(1));
        long start = System.nanoTime();
        Document reply = ping(client);
        System.out.printf("[fault] bad checksum: the Java driver accepted %s in %d ms (it does not verify "
                + "checksums)%n", reply.toJson(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertEquals(false, reply.getBoolean("checked"));
        assertTrue(server.transcript().contains("with a bad checksum"), server.transcript());
    }

    @Test
    void corruptBsonIsTheDriversOwnError() {
        MongoClient client = client(b -> { });
        ping(client);
        server.injectFault(FaultRule.of(Fault.corruptBson(Reply.ok())).matching(Spec.command("ping")).times(1));
        Throwable e = pingFails(client, "corrupt BSON");
        assertTrue(server.transcript().contains("corrupt BSON"), server.transcript());
        assertTrue(e instanceof org.bson.BsonSerializationException && e.getMessage().contains("unknown BSON type"),
                e.toString());
    }

    @Test
    void aDribbledReplyArrivesWhenEachPieceComesWithinTheReadTimeout() {
        MongoClient client = client(b -> { });
        ping(client);
        server.injectFault(FaultRule.of(Fault.dribble(Reply.ok("padding", "x".repeat(40)), 8, Duration.ofMillis(100)))
                .matching(Spec.command("ping")).times(1));
        long start = System.nanoTime();
        Document reply = ping(client);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[fault] dribble 8 bytes / 100 ms against a 1 s read timeout: ok in %d ms%n", ms);
        assertEquals(40, reply.getString("padding").length());
        assertTrue(ms >= 500, "expected the reply to take 8 writes 100 ms apart, took " + ms + " ms");

        server.injectFault(FaultRule.of(Fault.dribble(Reply.ok(), 4, Duration.ofMillis(1500)))
                .matching(Spec.command("ping")).times(1));
        Throwable e = pingFails(client, "dribble 4 bytes / 1500 ms");
        assertTrue(e instanceof MongoSocketReadTimeoutException, e.toString());
    }

    @Test
    void theThirdPingHangsUpAndTheOthersDoNot() {
        MongoClient client = client(b -> { });
        server.injectFault(FaultRule.of(Fault.hangUp()).matching(Spec.command("ping")).nth(3)
                .named("the third ping hangs up"));
        ping(client);
        ping(client);
        pingFails(client, "the third ping hangs up");
        ping(client);
        assertTrue(server.transcript().contains("fault \"the third ping hangs up\""), server.transcript());
    }

    @Test
    void aFaultOnOneApplicationNameOnly() {
        MongoClient faulty = client(b -> b.applicationName("faulty"));
        MongoClient other = client(b -> { });
        server.injectFault(FaultRule.of(Reply.commandError(2, "faulted")).matching(Spec.command("ping"))
                .onAppName("faulty"));
        pingFails(faulty, "command error on app 'faulty'");
        assertEquals(1.0, ping(other).get("ok", Number.class).doubleValue());
    }

    @Test
    void theNextRequestOnOneConnection() {
        MongoClient client = client(b -> { });
        ping(client);
        Request first = server.requests().stream().filter(r -> r.matches(Spec.command("ping"))).findFirst()
                .orElseThrow();
        server.injectFault(FaultRule.of(Fault.reset()).onConnection(first.connection()).times(1));
        Throwable e = pingFails(client, "reset of the next request on connection " + first.connection().id());
        assertTrue(String.valueOf(e.getCause()).contains("reset") || e.getMessage().contains("reset"), e.toString());
    }

    @Test
    void refusedConnectionsFailServerSelection() {
        server.injectFault(FaultRule.refuseConnections().named("refuse"));
        MongoClient client = client(b -> b.applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS)));
        Throwable e = pingFails(client, "refuse new connections");
        assertTrue(e.getMessage().contains("Timed out") && e.getMessage().contains("reset"), e.getMessage());
    }

    @Test
    void connectionsClosedAtOnceFailServerSelection() {
        server.injectFault(FaultRule.closeConnections());
        MongoClient client = client(b -> b.applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS)));
        Throwable e = pingFails(client, "close new connections at once");
        assertTrue(e.getMessage().contains("Timed out"), e.getMessage());
    }

    @Test
    void stalledConnectionsTimeTheHandshakeOut() {
        server.injectFault(FaultRule.stallConnections());
        MongoClient client = client(b -> b
                .applyToSocketSettings(s -> s.connectTimeout(300, TimeUnit.MILLISECONDS))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS)));
        Throwable e = pingFails(client, "stall new connections");
        assertTrue(e.getMessage().contains("Timed out") && e.getMessage().contains("Timeout"), e.getMessage());
    }

    @Test
    void aStallOnTheMonitoringConnectionMarksTheServerUnknownAfterItsTimeoutWhileOperationsGoOn()
            throws InterruptedException {
        List<String> changes = new CopyOnWriteArrayList<>();
        List<Instant> unknownAt = new CopyOnWriteArrayList<>();
        ServerListener listener = new ServerListener() {
            @Override
            public void serverDescriptionChanged(ServerDescriptionChangedEvent event) {
                ServerType type = event.getNewDescription().getType();
                changes.add(type.toString());
                if (type == ServerType.UNKNOWN) {
                    unknownAt.add(Instant.now());
                }
            }
        };
        MongoClient client = client(b -> b
                .applyToSocketSettings(s -> s.connectTimeout(800, TimeUnit.MILLISECONDS))
                .applyToServerSettings(s -> s.heartbeatFrequency(300, TimeUnit.MILLISECONDS).addServerListener(listener)));
        ping(client);
        InjectedFault stall = server.injectFault(FaultRule.of(Fault.stall()).onRole(ConnectionRole.MONITORING)
                .times(1).named("stall the monitor"));
        int ok = 0;
        int failed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unknownAt.isEmpty() && System.nanoTime() < deadline) {
            try {
                ping(client);
                ok++;
            } catch (MongoException e) {
                failed++;
                System.out.printf("[fault] a ping while the monitor stalls: %s%n", e);
            }
            synchronized (this) {
                wait(20);
            }
        }
        assertFalse(unknownAt.isEmpty(), "expected the server marked unknown within 10 s; changes: " + changes);
        Request stalled = server.requests().stream()
                .filter(r -> r.connection().role() == ConnectionRole.MONITORING && r.isAnswered()
                        && r.response().orElseThrow() instanceof Fault.Stall)
                .findFirst().orElseThrow(() -> new AssertionError("no stalled monitoring request:\n"
                        + server.transcript()));
        long ms = Duration.between(stalled.receivedAt(), unknownAt.get(0)).toMillis();
        System.out.printf("[fault] monitoring stall: server UNKNOWN %d ms after the stalled hello"
                + " (connectTimeout 800 ms, heartbeat 300 ms); %d pings ok, %d failed meanwhile; changes %s%n",
                ms, ok, failed, changes);
        assertEquals(1, stall.count());
        assertTrue(ms >= 700 && ms < 3000, "expected UNKNOWN about 800 ms (the monitor's timeout) after the stall, got "
                + ms + " ms");
        assertTrue(ok > 0, "expected pings to succeed while the monitor stalled");
        assertEquals(1.0, ping(client).get("ok", Number.class).doubleValue(), "operations go on after");
    }
}
