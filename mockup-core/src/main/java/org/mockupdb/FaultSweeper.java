package org.mockupdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mockupdb.internal.AutoHello;

/**
 * Runs one scenario many times: once clean, recording the requests the client sends on its
 * application connections, then once per recorded request and fault kind, with that fault in place
 * of that request's reply. The scenario's own checks say whether the client behaved; the sweep
 * reports, per request and fault, what the client did: returned, threw which exception after how
 * long, or hung until the deadline.
 *
 * <pre>{@code
 * FaultSweeper.Report report = FaultSweeper.builder()
 *         .deadline(Duration.ofSeconds(5))
 *         .build()
 *         .run(server -> {
 *             server.autoResponds("insert", Reply.ok("n", 1));
 *             try (MongoClient client = MongoClients.create(server.uri() + "/?socketTimeoutMS=1000")) {
 *                 client.getDatabase("db").getCollection("c").insertOne(new Document());
 *             }
 *         });
 * System.out.println(report.table());
 * assertEquals(List.of(), report.hangs());
 * }</pre>
 *
 * <p>A request is matched across runs by its position among the application requests and by its
 * command name: when a run's requests differ from the clean run's before the fault's position, the
 * run is reported as {@linkplain Outcome#DIVERGED diverged} and no fault is applied anywhere else.
 * Faults are applied before any responder or the test's queue sees the request, so autoresponded and
 * scripted requests alike get them.
 *
 * <p>Each run gets a fresh server from the {@linkplain Builder#servers server factory}, started if it
 * is not, and stopped when the run ends. A run that has not ended by the deadline is reported as hung:
 * the sweep stops its server, which closes the client's connections, and waits for the scenario's
 * thread to end.
 */
public final class FaultSweeper {

    /** What the sweep puts in place of a request's reply. */
    public enum Kind {
        /** The server closes the connection instead of replying ({@link Fault#hangUp()}). */
        HANG_UP("hang-up"),
        /** The server resets the connection (TCP RST) instead of replying ({@link Fault#reset()}). */
        RESET("reset"),
        /**
         * The server never answers the request ({@link Fault#stall()}); the connection stays open until
         * the client gives up (its socket timeout) or the run's deadline stops the server.
         */
        STALL("stall"),
        /**
         * The server sends the first {@value FaultSweeper#CUT_BYTES} bytes of a reply {@code {ok: 1}}
         * (the header, which declares the whole length, and the flags) and closes the connection.
         */
        CUT_REPLY("cut");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** {@return the short name used in invocation names and the table: hang-up, reset, stall, cut} */
        public String label() {
            return label;
        }

        /**
         * {@return the kind named {@code label} ({@link #label()}), or by its constant's name, case-insensitively}
         *
         * @param label a label such as {@code "hang-up"}, or a constant's name
         */
        public static Kind named(String label) {
            for (Kind kind : values()) {
                if (kind.label.equalsIgnoreCase(label) || kind.name().equalsIgnoreCase(label.replace('-', '_'))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("expected a fault kind (hang-up, reset, stall or cut), got \""
                    + label + "\"");
        }
    }

    /** What a run's client did. */
    public enum Outcome {
        /** The scenario returned. */
        RETURNED,
        /** The scenario threw. */
        THREW,
        /** The scenario had not ended by the deadline. */
        HUNG,
        /** The run's requests differed from the clean run's before the fault's position: no fault was applied. */
        DIVERGED
    }

    /** A scenario: drives a client against {@code server}, and throws when the client misbehaved. */
    @FunctionalInterface
    public interface Scenario {
        /**
         * Runs once per invocation with a fresh, started server.
         *
         * @param server the run's server, for the client to connect to
         * @throws Exception when the client misbehaved
         */
        void run(MockupServer server) throws Exception;
    }

    /** How many bytes of the reply a {@link Kind#CUT_REPLY} sends: the 16-byte header and 4 more. */
    public static final int CUT_BYTES = 20;
    /** The deadline of a run when none is given: see {@link Builder#deadline}. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(20);
    /** The most invocations when no limit is given. */
    public static final int DEFAULT_MAX_INVOCATIONS = 200;
    /** How long a run's thread may take to end once its server was stopped at the deadline. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final List<Kind> kinds;
    private final Spec commands;
    private final int maxInvocations;
    private final long seed;
    private final Duration deadline;
    private final boolean includeMonitoring;
    private final Supplier<MockupServer> servers;

    private FaultSweeper(Builder b) {
        this.kinds = List.copyOf(b.kinds);
        this.commands = b.commands;
        this.maxInvocations = b.maxInvocations;
        this.seed = b.seed;
        this.deadline = b.deadline;
        this.includeMonitoring = b.includeMonitoring;
        this.servers = b.servers;
    }

    /** {@return a builder with the defaults: every fault kind, every command, 200 invocations, seed 0, 20 s} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the fault kinds, in the order each request gets them} */
    public List<Kind> kinds() {
        return kinds;
    }

    /** {@return the deadline of each run} */
    public Duration deadline() {
        return deadline;
    }

    /** {@return the most invocations after the clean run} */
    public int maxInvocations() {
        return maxInvocations;
    }

    /** {@return the seed that picks the invocations when there are more than the limit} */
    public long seed() {
        return seed;
    }

    // ------------------------------------------------------------------ the whole sweep

    /**
     * Runs the scenario clean, then, if it returned, once per invocation of the {@linkplain #plan plan},
     * each with a fresh server, and reports what the client did each time. Returns when every run has ended (a
     * run ends by its deadline at the latest, plus the time its thread takes to end once its server
     * stopped).
     *
     * @param scenario drives a client against each run's server
     * @return what the client did in each run
     */
    public Report run(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        MockupServer cleanServer = startServer();
        Recording recording = record(cleanServer);
        Result clean = runOnce(scenario, cleanServer, null, null, recording::requests);
        List<Request> recorded = recording.requests();
        // A scenario that fails clean is broken: its faulted runs would say nothing.
        List<Invocation> plan = clean.outcome() == Outcome.RETURNED ? plan(recorded) : List.of();
        List<Result> results = new ArrayList<>();
        for (Invocation invocation : plan) {
            MockupServer server = startServer();
            Injection injection = inject(server, invocation);
            results.add(runOnce(scenario, server, invocation, injection, injection::requests));
        }
        return new Report(this, recorded, clean, plan, results, planSize(clean, recorded));
    }

    private MockupServer startServer() {
        MockupServer server = Objects.requireNonNull(servers.get(), "the server factory returned null");
        if (!server.isRunning()) {
            server.start();
        }
        return server;
    }

    private Result runOnce(Scenario scenario, MockupServer server, Invocation invocation, Injection injection,
                           Supplier<List<Request>> requests) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        String name = invocation == null ? "clean run" : invocation.name();
        Thread thread = new Thread(() -> {
            try {
                scenario.run(server);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "mockupdb-sweep-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        boolean hung = false;
        String leak = null;
        try {
            thread.join(deadline.toMillis(), 0);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (thread.isAlive()) {
                hung = true;
                leak = endHungThread(thread, server);
            }
            server.stop();
            return new Result(invocation, injection, hung ? deadline : elapsed, hung ? null : thrown.get(), hung,
                    leak, requests.get(), server.transcript());
        } catch (InterruptedException e) {
            server.stop();
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " of the fault sweep", e);
        }
    }

    /**
     * Stops the server, which closes the client's connections and so unblocks it, and waits for the
     * thread; interrupts it if that was not enough. Returns why it still runs, or null once it ended.
     */
    static String endHungThread(Thread thread, MockupServer server) throws InterruptedException {
        server.stop();
        thread.join(GRACE.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(GRACE.toMillis());
        }
        return thread.isAlive() ? "its thread " + thread.getName() + " still ran " + Replies.describe(GRACE)
                + " after the server stopped and it was interrupted" : null;
    }

    // ------------------------------------------------------------------ the pieces, for test frameworks

    /**
     * Records the application requests {@code server} receives from now on: the clean run.
     * (Hellos and monitoring connections' requests are left out unless {@link Builder#includeMonitoring}.)
     *
     * @param server the clean run's server
     * @return the recording, whose requests {@link #plan(List)} takes
     */
    public Recording record(MockupServer server) {
        Recording recording = new Recording();
        server.router().addInterceptor(new Tap("fault sweep recorder", recording::see));
        return recording;
    }

    /**
     * The invocations for a clean run's requests: one per request the {@linkplain Builder#commands
     * command spec} matches and per fault kind, in order of position then kind; when there are more
     * than {@link #maxInvocations()}, that many picked at random with the {@linkplain #seed() seed},
     * kept in that order.
     *
     * @param recorded the clean run's application requests, in order
     * @return the invocations
     */
    public List<Invocation> plan(List<Request> recorded) {
        List<Invocation> all = new ArrayList<>();
        List<String> sequence = recorded.stream().map(FaultSweeper::commandOf).toList();
        for (int i = 0; i < recorded.size(); i++) {
            Request request = recorded.get(i);
            if (!commands.matches(request)) {
                continue;
            }
            for (Kind kind : kinds) {
                all.add(new Invocation(i + 1, sequence, request.connection().id(), kind));
            }
        }
        if (all.size() <= maxInvocations) {
            return List.copyOf(all);
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        List<Integer> picked = new ArrayList<>(indices.subList(0, maxInvocations));
        Collections.sort(picked);
        return picked.stream().map(all::get).toList();
    }

    private int planSize(Result clean, List<Request> recorded) {
        if (clean.outcome() != Outcome.RETURNED) {
            return 0;
        }
        return (int) recorded.stream().filter(commands::matches).count() * kinds.size();
    }

    /**
     * Arms {@code server} with the invocation's fault: it is applied when the application request at the
     * invocation's position arrives, if its command is the recorded one and the requests before it were
     * the recorded ones. Call before the client connects.
     *
     * @param server the run's server
     * @param invocation the fault to apply, and where
     * @return the armed fault, whose requests {@link #result} takes
     */
    public Injection inject(MockupServer server, Invocation invocation) {
        Injection injection = new Injection(invocation);
        server.router().addInterceptor(new Tap("fault sweep: " + invocation.name(), injection::see));
        return injection;
    }

    /**
     * {@return the report of a sweep run by a test framework, from the clean run's result and the invocations'}
     *
     * @param clean the clean run's result
     * @param results the invocations' results, in order
     */
    public Report report(Result clean, List<Result> results) {
        List<Request> recorded = clean.requests();
        return new Report(this, recorded, clean, results.stream().map(r -> r.invocation().orElseThrow()).toList(),
                results, planSize(clean, recorded));
    }

    /**
     * What a framework saw of one run: {@code injection} is null for the clean run, {@code thrown} what
     * the scenario threw or null, {@code hung} whether it was still running at the deadline.
     *
     * @param recording the recording of the clean run
     * @param injection the run's injection, or null for the clean run
     * @param elapsed how long the run took
     * @param thrown what the scenario threw, or null
     * @param hung whether it was still running at the deadline
     * @param server the run's server
     * @return the result
     */
    public Result result(Recording recording, Injection injection, Duration elapsed, Throwable thrown,
                         boolean hung, MockupServer server) {
        return new Result(injection == null ? null : injection.invocation, injection, elapsed, thrown, hung, null,
                injection == null ? recording.requests() : injection.requests(), server.transcript());
    }

    private boolean counts(Request request) {
        boolean hello = AutoHello.isHello(request);
        if (includeMonitoring) {
            return true;
        }
        return !hello && request.connection().role() == ConnectionRole.APPLICATION;
    }

    private static String commandOf(Request request) {
        return request.commandName().orElse(request.opCode().toString());
    }

    /** Where a recording or an injection meets the router; named for error messages. */
    private record Tap(String name, java.util.function.Predicate<Request> see) implements Interceptor {
        @Override
        public boolean intercept(Request request) {
            return see.test(request);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The clean run's recorder; see {@link #record}. */
    public final class Recording {
        private final List<Request> requests = new ArrayList<>();
        private boolean stopped;

        private Recording() {
        }

        private boolean see(Request request) {
            if (counts(request)) {
                synchronized (requests) {
                    if (!stopped) {
                        requests.add(request);
                    }
                }
            }
            return false;
        }

        /**
         * Records nothing more: what the client sends after the scenario proper (a client closed by a
         * framework after the test, say) is not swept.
         */
        public void stop() {
            synchronized (requests) {
                stopped = true;
            }
        }

        /** {@return the application requests so far, in arrival order} */
        public List<Request> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        @Override
        public String toString() {
            return "fault sweep recorder";
        }
    }

    /** One armed fault on one server; see {@link #inject}. */
    public final class Injection {
        private final Invocation invocation;
        private final List<Request> requests = new ArrayList<>();
        private String divergence;
        private boolean applied;
        private boolean stopped;

        private Injection(Invocation invocation) {
            this.invocation = invocation;
        }

        private boolean see(Request request) {
            if (!counts(request)) {
                return false;
            }
            boolean apply;
            synchronized (requests) {
                if (stopped) {
                    return false;
                }
                requests.add(request);
                int position = requests.size();
                if (divergence != null || applied || position > invocation.position()) {
                    return false;
                }
                String command = commandOf(request);
                String expected = invocation.sequence().get(position - 1);
                if (!expected.equalsIgnoreCase(command)) {
                    divergence = "request " + position + " was " + command + ", the clean run's was " + expected;
                    return false;
                }
                apply = position == invocation.position();
                if (apply) {
                    applied = true;
                }
            }
            return apply && applyFault(request);
        }

        private boolean applyFault(Request request) {
            switch (invocation.fault()) {
                case STALL:
                    return answer(request, Fault.stall());
                case HANG_UP:
                    return answer(request, Fault.hangUp());
                case RESET:
                    return answer(request, Fault.reset());
                case CUT_REPLY:
                    return answer(request, Reply.ok().cutAfter(CUT_BYTES));
                default:
                    throw new AssertionError(invocation.fault());
            }
        }

        private boolean answer(Request request, Fault fault) {
            if (request.expectsReply()) {
                return request.reply(fault);
            }
            // No reply to replace (an unacknowledged write): a stall takes it, the others close the connection.
            if (!(fault instanceof Fault.Stall)) {
                request.connection().hangUp();
            }
            return true;
        }

        /** Applies no fault and counts no request from now on: the scenario proper has ended. */
        public void stop() {
            synchronized (requests) {
                stopped = true;
            }
        }

        /** {@return whether the fault was applied} */
        public boolean applied() {
            synchronized (requests) {
                return applied;
            }
        }

        /** {@return why the run's requests differ from the clean run's before the fault, or empty} */
        public Optional<String> divergence() {
            synchronized (requests) {
                if (divergence == null && !applied) {
                    return Optional.of("the run sent " + requests.size() + " application request"
                            + (requests.size() == 1 ? "" : "s") + ", so request " + invocation.position()
                            + " never came");
                }
                return Optional.ofNullable(divergence);
            }
        }

        /** {@return the run's application requests so far, in arrival order} */
        public List<Request> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        /** {@return the invocation this injection carries out} */
        public Invocation invocation() {
            return invocation;
        }

        @Override
        public String toString() {
            return "fault sweep: " + invocation.name();
        }
    }

    /**
     * One faulted run: {@code fault} in place of the reply to application request {@code position}
     * (1-based) of the clean run's {@code sequence} (its requests' command names), which came on
     * connection {@code connection} in the clean run.
     *
     * @param position   the application request faulted, from 1
     * @param sequence   the clean run's application requests' command names, in order
     * @param connection the connection the request came on in the clean run
     * @param fault      the fault in place of the reply
     */
    public record Invocation(int position, List<String> sequence, int connection, Kind fault) {
        /**
         * An invocation; the sequence is copied.
         *
         * @param position   the application request faulted, from 1 to the sequence's size
         * @param sequence   the clean run's application requests' command names, in order
         * @param connection the connection the request came on in the clean run
         * @param fault      the fault in place of the reply
         * @throws IllegalArgumentException when the position is outside the sequence
         */
        public Invocation {
            sequence = List.copyOf(sequence);
            Objects.requireNonNull(fault, "fault");
            if (position < 1 || position > sequence.size()) {
                throw new IllegalArgumentException("expected a position from 1 to " + sequence.size() + ", got "
                        + position);
            }
        }

        /** {@return how many application requests the clean run sent} */
        public int of() {
            return sequence.size();
        }

        /** {@return the command name of the request the fault replaces} */
        public String command() {
            return sequence.get(position - 1);
        }

        /** {@return for example {@code hang-up at request 3 of 7: insert on connection 2}} */
        public String name() {
            return fault.label() + " at request " + position + " of " + of() + ": " + command() + " on connection "
                    + connection;
        }
    }

    /** What the client did in one run. */
    public static final class Result {
        private final Invocation invocation;
        private final Outcome outcome;
        private final Duration elapsed;
        private final Throwable thrown;
        private final String detail;
        private final List<Request> requests;
        private final String transcript;

        private Result(Invocation invocation, Injection injection, Duration elapsed, Throwable thrown, boolean hung,
                       String leak, List<Request> requests, String transcript) {
            this.invocation = invocation;
            this.elapsed = elapsed;
            this.thrown = thrown;
            this.requests = List.copyOf(requests);
            this.transcript = transcript;
            String diverged = null;
            if (injection != null) {
                diverged = injection.applied() ? null : injection.divergence().orElse(null);
            }
            if (diverged != null) {
                outcome = Outcome.DIVERGED;
                detail = "diverged: " + diverged + "; " + what(thrown, hung, elapsed, leak);
            } else {
                outcome = hung ? Outcome.HUNG : thrown != null ? Outcome.THREW : Outcome.RETURNED;
                detail = what(thrown, hung, elapsed, leak);
            }
        }

        private static String what(Throwable thrown, boolean hung, Duration elapsed, String leak) {
            if (hung) {
                return "hung until the deadline (" + Replies.describe(elapsed) + ")" + (leak == null ? "" : "; " + leak);
            }
            if (thrown != null) {
                String message = String.valueOf(thrown.getMessage()).lines().findFirst().orElse("");
                if (message.length() > 120) {
                    message = message.substring(0, 117) + "...";
                }
                return "threw " + thrown.getClass().getSimpleName() + ": " + message + " in " + elapsed.toMillis()
                        + " ms";
            }
            return "returned in " + elapsed.toMillis() + " ms";
        }

        /** {@return the invocation, or empty for the clean run} */
        public Optional<Invocation> invocation() {
            return Optional.ofNullable(invocation);
        }

        /** {@return what the client did} */
        public Outcome outcome() {
            return outcome;
        }

        /** {@return how long the run took: the deadline when it hung} */
        public Duration elapsed() {
            return elapsed;
        }

        /** {@return what the scenario threw, or empty} */
        public Optional<Throwable> thrown() {
            return Optional.ofNullable(thrown);
        }

        /** {@return the run's application requests, in arrival order} */
        public List<Request> requests() {
            return requests;
        }

        /** {@return the run's conversation, as {@link MockupServer#transcript()} gave it when the run ended} */
        public String transcript() {
            return transcript;
        }

        /** {@return for example {@code threw MongoSocketReadException: Prematurely reached end of stream in 12 ms}} */
        public String describe() {
            return detail;
        }

        @Override
        public String toString() {
            return (invocation == null ? "clean run" : invocation.name()) + ": " + detail;
        }
    }

    /** The sweep's results: a table per request and fault. */
    public static final class Report {
        private final FaultSweeper sweep;
        private final List<Request> recorded;
        private final Result clean;
        private final List<Invocation> plan;
        private final List<Result> results;
        private final int planned;

        private Report(FaultSweeper sweep, List<Request> recorded, Result clean, List<Invocation> plan,
                       List<Result> results, int planned) {
            this.sweep = sweep;
            this.recorded = List.copyOf(recorded);
            this.clean = clean;
            this.plan = List.copyOf(plan);
            this.results = List.copyOf(results);
            this.planned = planned;
        }

        /** {@return the clean run's result} */
        public Result clean() {
            return clean;
        }

        /** {@return the clean run's application requests} */
        public List<Request> recorded() {
            return recorded;
        }

        /** {@return one result per invocation, in order} */
        public List<Result> results() {
            return results;
        }

        /**
         * {@return the results whose outcome is {@code outcome}}
         *
         * @param outcome what the client did
         */
        public List<Result> results(Outcome outcome) {
            return results.stream().filter(r -> r.outcome() == outcome).toList();
        }

        /** {@return the invocations whose client hung until the deadline} */
        public List<Result> hangs() {
            return results(Outcome.HUNG);
        }

        /**
         * {@return the report as a table, one row per invocation}
         * <pre>
         * Fault sweep: 3 application requests, 12 invocations (hang-up, reset, stall, cut), deadline 20 s
         * clean run: returned in 35 ms
         *   #  command  conn  fault    outcome
         *   1  insert   3     hang-up  threw MongoSocketReadException: Prematurely reached end of stream in 8 ms
         * </pre>
         */
        public String table() {
            StringBuilder out = new StringBuilder();
            out.append("Fault sweep: ").append(recorded.size()).append(" application request")
                    .append(recorded.size() == 1 ? "" : "s")
                    .append(sweep.includeMonitoring ? " (hellos included)" : "").append(", ").append(results.size())
                    .append(" invocation").append(results.size() == 1 ? "" : "s");
            if (results.size() < planned) {
                out.append(" (sampled from ").append(planned).append(" with seed ").append(sweep.seed).append(")");
            }
            out.append(" (").append(String.join(", ", sweep.kinds.stream().map(Kind::label).toList()))
                    .append("), deadline ").append(Replies.describe(sweep.deadline)).append('\n');
            out.append("clean run: ").append(clean.describe()).append('\n');
            if (clean.outcome() != Outcome.RETURNED) {
                out.append("(the clean run did not return, so nothing was swept)\n");
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"#", "command", "conn", "fault", "outcome"});
            for (Result r : results) {
                Invocation i = r.invocation;
                rows.add(new String[] {i.position() + "/" + i.of(), i.command(), String.valueOf(i.connection()),
                        i.fault().label(), r.describe()});
            }
            int[] widths = new int[4];
            for (String[] row : rows) {
                for (int c = 0; c < widths.length; c++) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            for (String[] row : results.isEmpty() ? List.<String[]>of() : rows) {
                out.append("  ");
                for (int c = 0; c < widths.length; c++) {
                    out.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
                }
                out.append(row[4]).append('\n');
            }
            long hung = hangs().size();
            long diverged = results(Outcome.DIVERGED).size();
            out.append(String.format(Locale.ROOT, "%d returned, %d threw, %d hung, %d diverged",
                    results(Outcome.RETURNED).size(), results(Outcome.THREW).size(), hung, diverged));
            return out.toString();
        }

        @Override
        public String toString() {
            return table();
        }
    }

    /** Configures a {@link FaultSweeper}. */
    public static final class Builder {
        private List<Kind> kinds = List.of(Kind.values());
        private Spec commands = Spec.any();
        private int maxInvocations = DEFAULT_MAX_INVOCATIONS;
        private long seed;
        private Duration deadline = DEFAULT_DEADLINE;
        private boolean includeMonitoring;
        private Supplier<MockupServer> servers = MockupServer::new;

        private Builder() {
        }

        /**
         * The fault kinds to apply, each to every swept request, in this order; all four by default.
         *
         * @param kinds one or more kinds
         * @return this builder
         */
        public Builder faults(Kind... kinds) {
            Set<Kind> set = EnumSet.noneOf(Kind.class);
            List<Kind> list = new ArrayList<>();
            for (Kind kind : kinds) {
                if (set.add(Objects.requireNonNull(kind, "kind"))) {
                    list.add(kind);
                }
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("expected at least one fault kind, got none");
            }
            this.kinds = list;
            return this;
        }

        /**
         * Sweeps only the requests this spec matches (the others still count for positions); all by default.
         *
         * @param spec what a swept request must match
         * @return this builder
         */
        public Builder commands(Spec spec) {
            this.commands = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * Sweeps only the requests of these commands; all by default.
         *
         * @param names the commands' names
         * @return this builder
         */
        public Builder commands(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("expected at least one command name, got none");
            }
            List<String> list = Arrays.asList(names);
            return commands(Spec.matching("a command among " + list,
                    r -> r.commandName().map(n -> list.stream().anyMatch(n::equalsIgnoreCase)).orElse(false)));
        }

        /**
         * The most invocations after the clean run: when there are more, that many are picked with the seed.
         *
         * @param limit 1 or more
         * @return this builder
         */
        public Builder maxInvocations(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("expected a limit of 1 or more, got " + limit);
            }
            this.maxInvocations = limit;
            return this;
        }

        /**
         * The seed that picks the invocations when there are more than {@link #maxInvocations}; 0 by default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * How long a run may take before it is reported as hung and its server stopped; 20 s by default:
         * longer than the read timeout the JUnit extension gives an injected client (the server's request
         * timeout, 10 s, plus 5 s), so that a client that gives up by its own timeout is told apart from
         * one that never would, and short enough that a sweep with a few hangs still ends in minutes. A
         * scenario whose client reads with a timeout of a second or two can take a deadline of a few
         * seconds.
         *
         * @param deadline how long a run may take
         * @return this builder
         */
        public Builder deadline(Duration deadline) {
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("expected a positive deadline, got " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /**
         * Whether hellos (handshakes and monitoring heartbeats) count as requests to sweep; false by
         * default. Heartbeats come on a timer, so their number and place differ between runs, and runs
         * that count them tend to diverge.
         *
         * @param include whether hellos count
         * @return this builder
         */
        public Builder includeMonitoring(boolean include) {
            this.includeMonitoring = include;
            return this;
        }

        /**
         * Makes each run's server (it is started if it is not); {@code new MockupServer()} by default.
         * Each run needs its own: the sweep stops it when the run ends.
         *
         * @param factory makes a new server for each run
         * @return this builder
         */
        public Builder servers(Supplier<MockupServer> factory) {
            this.servers = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** {@return the sweep} */
        public FaultSweeper build() {
            return new FaultSweeper(this);
        }
    }
}
