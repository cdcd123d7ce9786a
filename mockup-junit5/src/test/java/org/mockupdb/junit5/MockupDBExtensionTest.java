package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.mockupdb.MockupServer;

/** Runs the example classes through the real JUnit engine and checks what happened. */
class MockupDBExtensionTest {

    @BeforeEach
    void forget() {
        Examples.SEEN.clear();
    }

    private static EngineExecutionResults run(Class<?> examples) {
        return run(examples, Map.of());
    }

    private static EngineExecutionResults run(Class<?> examples, Map<String, String> config) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(examples))
                .configurationParameters(config).execute();
    }

    private static List<String> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + ": "
                        + e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(Throwable::toString)
                        .orElse("?"))
                .collect(Collectors.toList());
    }

    private static void assertAllPassed(EngineExecutionResults results, int tests) {
        assertEquals(List.of(), failures(results));
        results.testEvents().assertStatistics(s -> s.started(tests).succeeded(tests));
    }

    /** Every server the examples saw is stopped, its threads gone and its port free. */
    private static void assertNothingLeft() throws IOException {
        assertFalse(Examples.SEEN.isEmpty(), "the examples saw servers");
        for (MockupServer server : Examples.SEEN) {
            assertFalse(server.isRunning(), server + " was not stopped");
            int port = server.socketAddress().getPort();
            try (ServerSocket again = new ServerSocket()) {
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
        List<String> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("mockupdb-") && !t.getName().startsWith("mockupdb-go-")) {
                threads.add(t.getName());
            }
        }
        assertEquals(List.of(), threads, "no server thread is left");
    }

    @Test
    void serversAreSharedByScopeAndStoppedWhenItEnds() throws IOException {
        Examples.Scopes.PER_TEST.clear();
        assertAllPassed(run(Examples.Scopes.class), 2);
        assertEquals(2, Examples.Scopes.PER_TEST.size());
        assertTrue(Examples.Scopes.PER_TEST.get(0) != Examples.Scopes.PER_TEST.get(1), "one server per test");
        assertEquals(3, Examples.SEEN.size(), "one for the class, one for each test");
        assertNothingLeft();
    }

    @Test
    void qualifiersTellServersApart() throws IOException {
        assertAllPassed(run(Examples.Qualifiers.class), 1);
        assertEquals(2, Examples.SEEN.size());
        assertNothingLeft();
    }

    @Test
    void theNearestAnnotationWinsAndNestedClassesInherit() throws IOException {
        assertAllPassed(run(Examples.Configuration.class), 7);
        assertNothingLeft();
    }

    @Test
    void mockupDbSettingsApply() {
        assertAllPassed(run(Examples.Settings.class), 1);
    }

    @Test
    void templatesRunOncePerVersionWithNamedInvocations() throws IOException {
        Examples.Templates.VERSIONS.clear();
        EngineExecutionResults results = run(Examples.Templates.class);
        assertAllPassed(results, 8);
        List<String> names = results.testEvents().started().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).sorted().collect(Collectors.toList());
        assertEquals(List.of("MongoDB 4.2 (maxWireVersion=8)", "MongoDB 8.0 (maxWireVersion=25)",
                "[1] value=a", "[2] value=b", "maxWireVersion=6", "maxWireVersion=7", "maxWireVersion=8",
                "maxWireVersion=9"), names);
        assertEquals(List.of(-1, -1, 6, 7, 8, 8, 9, 25),
                Examples.Templates.VERSIONS.stream().sorted().collect(Collectors.toList()));
        assertEquals(8, Examples.SEEN.size(), "a server per invocation");
        assertNothingLeft();
    }

    @Test
    void badAnnotationValuesFailWithMessagesThatNameThem() {
        EngineExecutionResults results = run(Examples.BadAnnotations.class);
        results.testEvents().assertStatistics(s -> s.started(3).failed(3));
        String all = String.join("\n", failures(results));
        assertTrue(all.contains("@AutoRespond(value = \"ping\", reply = \"{not json\"): reply is not a relaxed JSON "
                + "document"), all);
        assertTrue(all.contains("@MinWireVersion(9) is above the @MaxWireVersion(8): expected min <= max"), all);
        assertTrue(all.contains("@MockupDB(requestTimeout = \"ten seconds\"): expected a duration such as \"10s\""),
                all);
    }

    @Test
    void aFailingTestReportsTheConversation() throws IOException {
        EngineExecutionResults results = run(Examples.FailingInReceive.class);
        Throwable failure = onlyFailure(results);
        assertTrue(failure.getMessage().startsWith("expected to receive command \"insert\", got nothing within 100 ms"),
                failure.getMessage());
        String conversation = conversation(failure);
        assertTrue(conversation.contains("MockupDB conversation of this test's servers"), conversation);
        assertTrue(conversation.contains("(no connections)"), conversation);
        List<ReportEntry> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class)).collect(Collectors.toList());
        assertTrue(entries.stream().anyMatch(e -> e.getKeyValuePairs().containsKey("mockupdb.conversation")));
        assertNothingLeft();
    }

    @Test
    void theConversationShowsEveryRequestAndReplyAndWhatWasNeverReceived() throws IOException {
        Throwable failure = onlyFailure(run(Examples.Failing.class));
        String conversation = conversation(failure);
        assertTrue(conversation.contains("-> OpMsg({\"insert\": \"coll\""), conversation);
        assertTrue(conversation.contains("<- OpMsg({\"ok\": 1})"), conversation);
        assertTrue(conversation.contains("requests the test has not received:"), conversation);
        assertTrue(conversation.contains("OpMsg({\"aggregate\": \"coll\""), conversation);
        assertNothingLeft();
    }

    @Test
    void fiftyTestsWithTheirOwnServersAndClientsRunInParallel() throws IOException {
        Examples.Parallel.MOST_AT_ONCE.set(0);
        EngineExecutionResults results = run(Examples.Parallel.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8"));
        assertAllPassed(results, 60);
        assertEquals(60, Examples.SEEN.size(), "a server per test");
        assertTrue(Examples.Parallel.MOST_AT_ONCE.get() > 1,
                "tests really ran at the same time: at most " + Examples.Parallel.MOST_AT_ONCE.get());
        assertNothingLeft();
    }

    private static Throwable onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), failures(results).toString());
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    private static String conversation(Throwable failure) {
        for (Throwable s : failure.getSuppressed()) {
            if (s.getClass().getSimpleName().equals("Conversation")) {
                return s.getMessage();
            }
        }
        throw new AssertionError("no conversation attached to " + failure);
    }
}
