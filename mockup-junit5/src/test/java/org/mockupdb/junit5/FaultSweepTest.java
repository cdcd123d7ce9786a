package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.FaultSweepEdgesExample;
import org.mockupdb.junit5.examples.FaultSweepExample;
import org.mockupdb.junit5.examples.Recorder;
import org.mockupdb.junit5.internal.ServerConversation;

/** {@code @FaultSweep}: a clean run, then one named run per recorded request and fault, each by its deadline. */
class FaultSweepTest {

    @Test
    void aCleanRunThenOneRunPerRequestAndFaultEachNamedAndAStallWithoutTimeoutFailsByTheDeadline() {
        long start = System.nanoTime();
        EngineExecutionResults results = Kit.run(FaultSweepExample.class);
        long ms = (System.nanoTime() - start) / 1_000_000;

        List<String> timely = runsOf(results, "timely(MockupServer, MongoClient)");
        assertEquals(9, timely.size(), "a clean run, then insert and find times four faults: " + timely);
        assertEquals("clean run", timely.get(0));
        Pattern name = Pattern.compile("(hang-up|reset|stall|cut) at request [12] of 2: (insert|find) on connection \\d+");
        for (String run : timely.subList(1, timely.size())) {
            assertTrue(name.matcher(run).matches(), run);
        }
        assertTrue(timely.get(1).startsWith("hang-up at request 1 of 2: insert"), timely.get(1));
        assertTrue(timely.get(8).startsWith("cut at request 2 of 2: find"), timely.get(8));
        assertEquals(9, distinct(Recorder.seen("timely")).size(), "a fresh server per run");

        List<String> patient = runsOf(results, "patient(MockupServer, MongoClient)");
        assertEquals(3, patient.size(), patient.toString());
        assertEquals(1 + 9, results.testEvents().succeeded().count(), Kit.failures(results));
        assertEquals(2, results.testEvents().failed().count(), Kit.failures(results));
        for (String run : patient.subList(1, 3)) {
            assertTrue(run.startsWith("stall at request "), run);
            Throwable failure = failureOf(results, "patient(MockupServer, MongoClient)", run);
            assertEquals(run + ": hung until the deadline of 2 s (the test was still running; its servers were "
                    + "stopped to unblock the client)", failure.getMessage());
            assertTrue(List.of(failure.getSuppressed()).stream().anyMatch(s -> s instanceof ServerConversation),
                    "the conversation is attached");
        }

        List<String> tables = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("mockupdb.faultSweep"))
                .filter(t -> t != null).toList();
        assertEquals(2, tables.size(), tables.toString());
        assertTrue(tables.get(0).contains("8 invocations") && tables.get(0).contains("0 hung"), tables.get(0));
        assertTrue(tables.get(1).contains("2 hung"), tables.get(1));
        // 8 short runs (a second at most each) and 2 hangs of 2 s each.
        assertTrue(ms < 40_000, "the sweeps took " + ms + " ms");
        Kit.assertNothingLeft();
    }

    /** The sweep's runs are made from its clean run, so they run one after the other even when JUnit runs tests concurrently. */
    @Test
    void underParallelExecutionTheRunsStillComeAfterTheCleanRun() {
        EngineExecutionResults results = Kit.run(FaultSweepExample.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent"));
        assertEquals(9, runsOf(results, "timely(MockupServer, MongoClient)").size(), Kit.failures(results));
        assertEquals(3, runsOf(results, "patient(MockupServer, MongoClient)").size(), Kit.failures(results));
        assertEquals(10, results.testEvents().succeeded().count(), Kit.failures(results));
        assertEquals(0, results.containerEvents().failed().count(), Kit.failures(results));
        Kit.assertNothingLeft();
    }

    @Test
    void aCleanRunThatFailsSweepsNothingAndMisuseSaysWhatWasExpected() {
        EngineExecutionResults results = Kit.run(FaultSweepEdgesExample.class);
        assertEquals(List.of("clean run"), runsOf(results, "failsClean(MockupServer, MongoClient)"));
        assertEquals("broken before any fault",
                failureOf(results, "failsClean(MockupServer, MongoClient)", "clean run").getMessage());
        List<String> tables = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("mockupdb.faultSweep"))
                .filter(t -> t != null).toList();
        assertEquals(1, tables.size(), tables.toString());
        assertTrue(tables.get(0).contains("(the clean run did not return, so nothing was swept)"), tables.get(0));

        assertEquals(List.of("clean run"), runsOf(results, "noServer()"));
        assertEquals("@FaultSweep on method " + FaultSweepEdgesExample.class.getName() + ".noServer(): expected the "
                        + "test to use a MockupServer (a parameter, or a @MockupDB field), got none: there is nothing "
                        + "to sweep", failureOf(results, "noServer()", "clean run").getMessage());

        Throwable both = results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("withWireVersions(MockupServer)"))
                .findFirst().orElseThrow().getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertTrue(both.getMessage().endsWith(": expected it alone, got it with @WireVersions"), both.getMessage());
        Kit.assertNothingLeft();
    }

    private static List<String> runsOf(EngineExecutionResults results, String template) {
        return results.testEvents().finished().stream()
                .map(Event::getTestDescriptor)
                .filter(d -> d.getParent().map(p -> p.getDisplayName().equals(template)).orElse(false))
                .map(d -> d.getDisplayName())
                .toList();
    }

    private static Throwable failureOf(EngineExecutionResults results, String template, String run) {
        List<Event> events = results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(run) && e.getTestDescriptor().getParent()
                        .map(p -> p.getDisplayName().equals(template)).orElse(false))
                .toList();
        assertEquals(1, events.size(), "failed runs named " + run + " of " + template);
        return events.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    private static Set<MockupServer> distinct(List<MockupServer> servers) {
        Set<MockupServer> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(servers);
        return set;
    }
}
