package org.mockupdb.junit5.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.mockupdb.FaultSweeper;
import org.mockupdb.MockupServer;

/**
 * The runs of one {@code @FaultSweep} template, kept in the template's store: the clean run first, then,
 * made from what the clean run recorded, one run per request and fault. JUnit asks a template's stream
 * for its next invocation only after it executed the previous one (the template runs on one thread:
 * the annotation carries {@code @Execution(SAME_THREAD)}), so the faulted runs are made lazily, by a
 * {@code flatMap} evaluated after the clean run ended.
 */
final class SweepRuns {
    /** How long the test's thread may take to end once its servers were stopped at the deadline. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration DEADLINE_MARGIN = Duration.ofSeconds(10);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final FaultSweeper sweep;
    private final Duration deadline;
    private final String where;
    private final List<Run> runs = new ArrayList<>();
    private final List<FaultSweeper.Result> results = new ArrayList<>();
    private FaultSweeper.Result clean;
    private List<FaultSweeper.Invocation> plan;

    /** @param deadline the annotation's, or null for the swept server's request timeout plus 10 s */
    SweepRuns(FaultSweeper sweep, Duration deadline, String where) {
        this.sweep = sweep;
        this.deadline = deadline;
        this.where = where;
    }

    /** The clean run, then the faulted runs, made once the clean run has ended. */
    synchronized Stream<TestTemplateInvocationContext> invocations() {
        Run first = new Run(null);
        runs.add(first);
        return Stream.concat(Stream.of(first), Stream.of(this).flatMap(SweepRuns::faulted));
    }

    private synchronized Stream<TestTemplateInvocationContext> faulted() {
        if (plan == null) {
            throw new ExtensionConfigurationException("@FaultSweep on " + where + ": expected the clean run to have "
                    + "ended before the faulted runs are made, but it had not; run the sweep's invocations one after "
                    + "the other (JUnit's parallel execution of its invocations is not supported)");
        }
        List<TestTemplateInvocationContext> made = new ArrayList<>();
        for (FaultSweeper.Invocation invocation : plan) {
            Run run = new Run(invocation);
            runs.add(run);
            made.add(run);
        }
        return made.stream();
    }

    /** The run numbered {@code index} (1 for the clean run), or null. */
    synchronized Run run(int index) {
        return index >= 1 && index <= runs.size() ? runs.get(index - 1) : null;
    }

    private synchronized boolean isLast(Run run) {
        return plan != null && runs.indexOf(run) == plan.size();
    }

    /** One invocation of the template: names itself, arms its server, ends by the deadline. */
    final class Run implements TestTemplateInvocationContext, InvocationInterceptor {
        private final FaultSweeper.Invocation invocation;
        private MockupServer server;
        private FaultSweeper.Recording recording;
        private FaultSweeper.Injection injection;
        private Duration elapsed = Duration.ZERO;
        private boolean hung;

        Run(FaultSweeper.Invocation invocation) {
            this.invocation = invocation;
        }

        String name() {
            return invocation == null ? "clean run" : invocation.name();
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return name();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        /** Records, or arms with the fault, the run's first server; the others are left alone. */
        synchronized void arm(MockupServer started) {
            if (server != null) {
                return;
            }
            server = started;
            if (invocation == null) {
                recording = sweep.record(started);
            } else {
                injection = sweep.inject(started, invocation);
            }
        }

        private synchronized void stopSweeping() {
            if (recording != null) {
                recording.stop();
            }
            if (injection != null) {
                injection.stop();
            }
        }

        private synchronized Duration deadline() {
            if (deadline != null) {
                return deadline;
            }
            Duration requestTimeout = server == null ? MockupServer.DEFAULT_REQUEST_TIMEOUT : server.requestTimeout();
            return requestTimeout.plus(DEADLINE_MARGIN);
        }

        /**
         * Runs the test method on a thread of its own and waits for it until the deadline; then stops the
         * invocation's servers, which closes the client's connections, and fails the run.
         */
        @Override
        public void interceptTestTemplateMethod(Invocation<Void> call, ReflectiveInvocationContext<Method> method,
                                                ExtensionContext context) throws Throwable {
            Duration limit = deadline();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    call.proceed();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "mockupdb-sweep-test-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            long start = System.nanoTime();
            thread.start();
            thread.join(limit.toMillis());
            boolean stillRunning = thread.isAlive();
            synchronized (this) {
                elapsed = stillRunning ? limit : Duration.ofNanos(System.nanoTime() - start);
                hung = stillRunning;
            }
            if (!stillRunning) {
                stopSweeping();
                if (thrown.get() != null) {
                    throw thrown.get();
                }
                return;
            }
            for (MockupServer s : servers(context)) {
                s.stop();
            }
            stopSweeping();
            thread.join(GRACE.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(GRACE.toMillis());
            }
            AssertionError failure = new AssertionError(name() + ": hung until the deadline of "
                    + describe(limit) + " (the test was still running; its servers were stopped to unblock the client"
                    + (thread.isAlive() ? ", but its thread " + thread.getName() + " still runs" : "") + ")");
            if (thrown.get() != null) {
                failure.addSuppressed(thrown.get());
            }
            throw failure;
        }

        /** After the test: what the client did joins the report; after the last run, the report goes out. */
        void finish(ExtensionContext context) {
            FaultSweeper.Result result;
            synchronized (this) {
                if (server == null) {
                    if (invocation == null) {
                        synchronized (SweepRuns.this) {
                            plan = List.of();
                        }
                        throw new ExtensionConfigurationException("@FaultSweep on " + where + ": expected the test "
                                + "to use a MockupServer (a parameter, or a @MockupDB field), got none: there is "
                                + "nothing to sweep");
                    }
                    return;
                }
                Throwable thrown = context.getExecutionException().orElse(null);
                result = sweep.result(recording, injection, elapsed, hung ? null : thrown, hung, server);
            }
            boolean report;
            synchronized (SweepRuns.this) {
                if (invocation == null) {
                    clean = result;
                    plan = result.outcome() == FaultSweeper.Outcome.RETURNED ? sweep.plan(result.requests()) : List.of();
                } else {
                    results.add(result);
                }
                report = isLast(this);
            }
            if (report) {
                String table = (context.getParent().map(ExtensionContext::getDisplayName).orElse(where)) + "\n"
                        + sweep.report(clean, results).table();
                System.out.println(table);
                context.getParent().orElse(context).publishReportEntry("mockupdb.faultSweep", table);
            }
        }

        @Override
        public String toString() {
            return "@FaultSweep run: " + name();
        }
    }

    private static Collection<MockupServer> servers(ExtensionContext context) {
        return MockupDBExtension.servers(context);
    }

    private static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
