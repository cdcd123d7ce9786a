package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.Recorder;

/** Runs example classes with JUnit's engine test kit and checks what they leave behind. */
final class Kit {
    private Kit() {
    }

    static EngineExecutionResults run(Class<?> example) {
        return run(example, Map.of());
    }

    static EngineExecutionResults run(Class<?> example, Map<String, String> configuration) {
        Recorder.reset();
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(example))
                .configurationParameters(configuration)
                .execute();
    }

    /** The display names and failures of the tests that did not succeed, for a readable assertion message. */
    static String failures(EngineExecutionResults results) {
        return results.allEvents().finished().stream()
                .filter(e -> e.getPayload(TestExecutionResult.class)
                        .map(r -> r.getStatus() != TestExecutionResult.Status.SUCCESSFUL).orElse(false))
                .map(e -> e.getTestDescriptor().getDisplayName() + ": "
                        + e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::toString).orElse("?"))
                .collect(Collectors.joining("\n"));
    }

    static void assertAllSucceeded(EngineExecutionResults results, int tests) {
        assertEquals("", failures(results), "failures");
        assertEquals(tests, results.testEvents().succeeded().count(), "tests that succeeded");
        assertEquals(0, results.testEvents().failed().count(), "tests that failed");
        assertEquals(0, results.containerEvents().failed().count(), "containers that failed");
    }

    /** The finished event of the test with this display name. */
    static Event finished(EngineExecutionResults results, String displayName) {
        List<Event> events = results.testEvents().finished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName)).toList();
        if (events.size() != 1) {
            fail("expected one finished test named " + displayName + ", got " + events.size() + " among "
                    + results.testEvents().finished().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList());
        }
        return events.get(0);
    }

    static Throwable failureOf(EngineExecutionResults results, String displayName) {
        return finished(results, displayName).getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow(() -> new AssertionError("expected " + displayName + " to fail, but it did not"));
    }

    /**
     * Every server the examples saw is stopped, no mockupdb thread is alive, and each port can be
     * bound again. Stopping joins the server's threads, so only the examples' own client threads
     * ({@code Go.go}) are waited for.
     */
    static void assertNothingLeft() {
        List<MockupServer> servers = Recorder.all();
        for (MockupServer server : servers) {
            assertFalse(server.isRunning(), server + " was left running");
        }
        // Go.go threads run the examples' client code, not the server's: a failed example's client
        // call ends soon after its client closes, so those are given a deadline to finish.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("mockupdb-go-")) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + t.getName(), e);
                }
            }
        }
        List<String> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("mockupdb-")).toList();
        assertEquals(List.of(), threads, "mockupdb threads still alive");
        for (MockupServer server : servers) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            } catch (IOException e) {
                fail("expected port " + server.port() + " to be free after the run, but binding it failed: " + e);
            }
        }
    }
}
