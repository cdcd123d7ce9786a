package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.FaultSweeper;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * Fault sweeps with the Java driver over real sockets: a clean run records the application requests,
 * then each is replaced by each fault in turn, and the report says what the client did.
 */
class FaultSweepTest {

    private static MongoClient client(MockupServer server, int readTimeoutMs) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(3, TimeUnit.SECONDS)
                        .readTimeout(readTimeoutMs, TimeUnit.MILLISECONDS))
                .build());
    }

    /** Inserts a document and finds it: the client gives up on a silent server after {@code readTimeoutMs}. */
    private static FaultSweeper.Scenario insertAndFind(int readTimeoutMs) {
        return server -> {
            server.autoResponds("insert", Reply.ok("n", 1));
            server.servesCursor(Spec.command("find", "c"), List.of(new Document("_id", 1)), 10);
            try (MongoClient client = client(server, readTimeoutMs)) {
                MongoCollection<Document> c = client.getDatabase("db").getCollection("c");
                c.insertOne(new Document("_id", 1));
                Document found = c.find().first();
                assertEquals(new Document("_id", 1), found);
            }
        };
    }

    @Test
    void anInsertAndFindSweptWithTheDefaultFaultsNeverHangsWhenTheClientHasASocketTimeout() {
        FaultSweeper sweep = FaultSweeper.builder().deadline(Duration.ofSeconds(10)).build();
        FaultSweeper.Report report = sweep.run(insertAndFind(1000));
        System.out.println(report.table());
        assertEquals(FaultSweeper.Outcome.RETURNED, report.clean().outcome(), report.clean().toString());
        List<String> recorded = report.recorded().stream().map(r -> r.commandName().orElseThrow()).toList();
        assertEquals(List.of("insert", "find", "endSessions"), recorded, "the clean run's application requests");
        assertEquals(recorded.size() * 4, report.results().size(), report.table());
        assertEquals(List.of(), report.hangs(), report.table());
        assertEquals(List.of(), report.results(FaultSweeper.Outcome.DIVERGED), report.table());
        assertEquals("hang-up at request 1 of 3: insert on connection "
                        + report.recorded().get(0).connection().id(),
                report.results().get(0).invocation().orElseThrow().name());
        assertTrue(report.table().contains("0 hung, 0 diverged"), report.table());
        assertNoSweepThreadLeft();
    }

    @Test
    void withNoSocketTimeoutEveryStallHangsUntilTheDeadlineAndTheRunStillEnds() {
        Duration deadline = Duration.ofSeconds(2);
        FaultSweeper sweep = FaultSweeper.builder().faults(FaultSweeper.Kind.STALL, FaultSweeper.Kind.HANG_UP)
                .commands("insert", "find").deadline(deadline).build();
        long start = System.nanoTime();
        FaultSweeper.Report report = sweep.run(insertAndFind(0));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(report.table());
        assertEquals(4, report.results().size(), report.table());
        List<String> hung = report.hangs().stream().map(r -> r.invocation().orElseThrow().name()).toList();
        assertEquals(2, hung.size(), report.table());
        assertTrue(hung.stream().allMatch(n -> n.startsWith("stall at request ")), report.table());
        for (FaultSweeper.Result r : report.hangs()) {
            assertEquals(deadline, r.elapsed());
            assertTrue(r.describe().equals("hung until the deadline (2 s)"), r.describe());
            assertTrue(r.transcript().contains(r.invocation().orElseThrow().command()), r.transcript());
        }
        assertFalse(report.results().stream().anyMatch(r -> r.invocation().orElseThrow().fault()
                == FaultSweeper.Kind.HANG_UP && r.outcome() == FaultSweeper.Outcome.HUNG), report.table());
        // Two hangs of 2 s each, plus a few short runs: well under what a stuck thread would cost.
        assertTrue(ms < 20_000, "the sweep took " + ms + " ms");
        assertNoSweepThreadLeft();
    }

    /** Drivers retry writes only on replica sets and sharded clusters: this one plays a mongos. */
    @Test
    void aRetryableWriteSweptWithHangUpsIsRetriedExactlyOnceAtEveryPosition() {
        FaultSweeper sweep = FaultSweeper.builder().faults(FaultSweeper.Kind.HANG_UP).deadline(Duration.ofSeconds(10))
                .servers(() -> MockupServer.builder().helloField("msg", "isdbgrid").build()).build();
        FaultSweeper.Report report = sweep.run(server -> {
            server.autoResponds("insert", Reply.ok("n", 1));
            try (MongoClient client = client(server, 5000)) {
                MongoCollection<Document> c = client.getDatabase("db").getCollection("c");
                for (int i = 1; i <= 3; i++) {
                    c.insertOne(new Document("_id", i));
                }
            }
        });
        System.out.println(report.table());
        List<FaultSweeper.Result> inserts = report.results().stream()
                .filter(r -> r.invocation().orElseThrow().command().equals("insert")).toList();
        assertEquals(3, inserts.size(), report.table());
        for (FaultSweeper.Result r : inserts) {
            FaultSweeper.Invocation invocation = r.invocation().orElseThrow();
            assertEquals(FaultSweeper.Outcome.RETURNED, r.outcome(), r.toString());
            List<Request> sent = r.requests().stream().filter(q -> q.commandName().orElseThrow().equals("insert"))
                    .toList();
            assertEquals(4, sent.size(), invocation.name() + ": expected 3 inserts and one retry, got " + sent);
            // A write's identity is its session and transaction number (a session that met a network
            // error is discarded, so the next write starts another at txnNumber 1).
            Map<List<BsonValue>, Integer> perWrite = new HashMap<>();
            for (Request q : sent) {
                perWrite.merge(List.of(q.body().get("lsid"), q.body().get("txnNumber")), 1, Integer::sum);
            }
            assertEquals(List.of(1, 1, 2), perWrite.values().stream().sorted().toList(), invocation.name()
                    + ": expected one write sent twice and two once, got " + perWrite);
            Request faulted = sent.get(invocation.position() - 1);
            Request retry = sent.get(invocation.position());
            assertEquals(faulted.body().get("txnNumber"), retry.body().get("txnNumber"), invocation.name());
            assertEquals(faulted.body().get("lsid"), retry.body().get("lsid"), invocation.name());
        }
        assertNoSweepThreadLeft();
    }

    @Test
    void aRunWhoseRequestsDifferBeforeTheFaultIsReportedAsDivergedAndNotFaulted() {
        AtomicInteger runs = new AtomicInteger();
        FaultSweeper sweep = FaultSweeper.builder().faults(FaultSweeper.Kind.HANG_UP).commands("insert")
                .deadline(Duration.ofSeconds(10)).build();
        FaultSweeper.Report report = sweep.run(server -> {
            boolean clean = runs.getAndIncrement() == 0;
            server.autoResponds("ping");
            server.autoResponds("buildInfo", Reply.ok("version", "8.0.0"));
            server.autoResponds("insert", Reply.ok("n", 1));
            try (MongoClient client = client(server, 5000)) {
                client.getDatabase("db").runCommand(new Document(clean ? "ping" : "buildInfo", 1));
                client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
            }
        });
        System.out.println(report.table());
        FaultSweeper.Result only = report.results().get(0);
        assertEquals(1, report.results().size(), report.table());
        assertEquals("hang-up at request 2 of 3: insert on connection " + report.recorded().get(1).connection().id(),
                only.invocation().orElseThrow().name());
        assertEquals(FaultSweeper.Outcome.DIVERGED, only.outcome(), only.toString());
        assertTrue(only.describe().startsWith("diverged: request 1 was buildInfo, the clean run's was ping; returned in "),
                only.describe());
        assertEquals(1, only.requests().stream().filter(r -> r.commandName().orElseThrow().equals("insert")).count(),
                "the insert went through unfaulted: " + only.requests());
    }

    @Test
    void aRunThatEndsBeforeTheFaultsPositionIsReportedAsDivergedTooSayingSo() {
        AtomicInteger runs = new AtomicInteger();
        FaultSweeper sweep = FaultSweeper.builder().faults(FaultSweeper.Kind.RESET).commands("insert").build();
        FaultSweeper.Report report = sweep.run(server -> {
            boolean clean = runs.getAndIncrement() == 0;
            server.autoResponds("ping");
            server.autoResponds("insert", Reply.ok("n", 1));
            try (MongoClient client = client(server, 5000)) {
                client.getDatabase("db").runCommand(new Document("ping", 1));
                if (clean) {
                    client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
                }
            }
        });
        FaultSweeper.Result only = report.results().get(0);
        assertEquals(FaultSweeper.Outcome.DIVERGED, only.outcome(), report.table());
        // The client ends its session on close: that is the second request of the run.
        assertTrue(only.describe().startsWith("diverged: request 2 was endSessions, the clean run's was insert; "
                + "returned in "), only.describe());
    }

    @Test
    void withMonitoringIncludedTheHandshakesCountAndALimitSamplesTheRunsWithTheSeed() {
        FaultSweeper sweep = FaultSweeper.builder().includeMonitoring(true).faults(FaultSweeper.Kind.HANG_UP)
                .maxInvocations(3).seed(1).deadline(Duration.ofSeconds(10)).build();
        FaultSweeper.Report report = sweep.run(insertAndFind(1000));
        System.out.println(report.table());
        List<String> recorded = report.recorded().stream().map(r -> r.commandName().orElseThrow()).toList();
        assertTrue(recorded.stream().anyMatch(n -> n.equalsIgnoreCase("isMaster") || n.equals("hello")),
                "the handshakes are recorded: " + recorded);
        assertTrue(recorded.containsAll(List.of("insert", "find", "endSessions")), recorded.toString());
        assertEquals(3, report.results().size(), report.table());
        assertTrue(report.table().contains(" (hellos included), 3 invocations (sampled from " + recorded.size()
                        + " with seed 1)"),
                report.table());
        assertEquals(List.of(), report.hangs(), report.table());
        assertNoSweepThreadLeft();
    }

    private static void assertNoSweepThreadLeft() {
        List<String> left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith("mockupdb-sweep-")).toList();
        assertEquals(List.of(), left, "sweep threads still running");
    }
}
