package org.mockupdb.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.mongodb.client.MongoClient;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.internal.wire.WireEncoder;

/**
 * The harness: every figure for every server in one run. Each figure runs in rounds (after
 * unrecorded warm-up rounds); each round measures every server once, in an order shuffled
 * round by round, so that whatever the machine does meanwhile falls on all of them alike.
 */
public final class Bench {
    static final List<Kind> ALL = List.of(Kind.BASELINE, Kind.BASELINE_AGAIN, Kind.PEER, Kind.OURS, Kind.OURS_SCRIPTED);
    static final List<Kind> UNSCRIPTED = List.of(Kind.BASELINE, Kind.BASELINE_AGAIN, Kind.PEER, Kind.OURS);
    static final List<Kind> MEMORY = List.of(Kind.BASELINE, Kind.PEER, Kind.OURS, Kind.OURS_BOUNDED);

    static final String START_STOP = "1a start + stop, no client";
    static final String STOP_AFTER_CLIENT = "1b stop after a client pinged";
    static final String CYCLE = "2a cycle: start, client, ping, close, stop";
    static final String CYCLE_WARM = "2b the same cycle, warm (after figure 4)";
    static final String JUNIT = "3 JUnit test (Launcher), per test";
    static final String PING_1 = "4a ping, 1 client thread";
    static final String PING_8 = "4b ping, 8 client threads";
    static final String FRESH_JVM = "5 fresh JVM to first answered ping";
    static final String IDLE_THREADS = "6a idle server: threads";
    static final String IDLE_HEAP = "6b idle server: heap";
    static final String CONN_THREADS = "6c per open connection: threads";
    static final String CONN_HEAP = "6d per open connection: heap";
    static final String RETAINED = "6e heap retained per request";
    static final String THREAD_GROWTH = "6f thread growth over all requests";
    static final String FAILOVER = "7a failover: elect -> first write on the new primary";
    static final String TOPOLOGY_START_STOP = "7b start + stop: 3-member set vs 3 servers";
    static final String SWEEP = "8 fault sweep of 20 requests x 4 faults, per run";

    /**
     * Figures 1, 2 and 4 take {@value} short samples a round rather than one long one: on a noisy
     * machine short samples alternating between the servers put the noise on all of them alike.
     */
    static final int SLICES = 4;

    private interface Measure {
        double run(Kind kind) throws Exception;
    }

    private final Options options;
    private final Table table = new Table();

    Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.HelpRequested e) {
            System.out.print(Options.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        System.err.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + options.rounds + " rounds");
        Table table = new Bench(options).run();
        System.out.print(table.render(options.markdown));
        System.exit(0); // the peer's Netty leaves non-daemon threads behind after shutdownNow()
    }

    /** Runs the figures the options name and returns the table. */
    Table run() throws Exception {
        if (options.figures.contains(1)) {
            figure(START_STOP, "us", Row.Better.LOWER, 1.3, UNSCRIPTED, options.rounds * SLICES, this::startStop);
            figure(STOP_AFTER_CLIENT, "us", Row.Better.LOWER, 1.3, UNSCRIPTED, options.rounds * SLICES,
                    this::stopAfterClient);
        }
        if (options.figures.contains(2)) {
            figure(CYCLE, "ms", Row.Better.LOWER, 1.15, ALL, options.rounds * SLICES, this::cycle);
        }
        if (options.figures.contains(3)) {
            figure(JUNIT, "ms", Row.Better.LOWER, 1.15, UNSCRIPTED, this::junit);
        }
        if (options.figures.contains(4)) {
            throughput(PING_1, 1, options.pings);
            throughput(PING_8, 8, options.pingsPerThreadOf8);
        }
        if (options.figures.contains(2) && options.figures.contains(4)) {
            // Figure 2 comes early, when the server's per-request code has run a few hundred
            // times (JIT-lukewarm, like the first tests of a suite); after figure 4's pings it is warm.
            figure(CYCLE_WARM, "ms", Row.Better.LOWER, 1.15, ALL, options.rounds * SLICES, this::cycle);
        }
        if (options.figures.contains(5)) {
            figure(FRESH_JVM, "ms", Row.Better.LOWER, 1.15, UNSCRIPTED, this::freshJvm);
        }
        if (options.figures.contains(6)) {
            memory();
        }
        if (options.figures.contains(7)) {
            try (TopologyFigures topologies = new TopologyFigures()) {
                figure(FAILOVER, "ms", Row.Better.NONE, 0, List.of(Kind.FAILOVER_STREAMING, Kind.FAILOVER_POLLING),
                        topologies::failover);
            }
            figure(TOPOLOGY_START_STOP, "us", Row.Better.NONE, 0, List.of(Kind.SET_OF_THREE, Kind.THREE_SERVERS),
                    kind -> TopologyFigures.startStop(kind, sliced(options.startStops)));
        }
        if (options.figures.contains(8)) {
            // A whole sweep is a sample: one warm-up round, and at most 3 recorded (each is ~80 runs).
            int rounds = Math.min(3, options.rounds);
            figure(SWEEP, "ms", Row.Better.NONE, 0, List.of(Kind.SWEEP_PLAIN, Kind.SWEEP_RUN), rounds,
                    kind -> SweepFigure.sample(kind, options.sweepRequests));
        }
        return table;
    }

    private void figure(String name, String unit, Row.Better better, double target, List<Kind> kinds, Measure m)
            throws Exception {
        figure(name, unit, better, target, kinds, options.rounds, m);
    }

    private void figure(String name, String unit, Row.Better better, double target, List<Kind> kinds, int rounds,
                        Measure m) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Kind k : kinds) {
            double t = target;
            if (better == Row.Better.HIGHER) {
                t = k.scripted() ? 0.7 : 0.95; // figure 4: autoresponded >= 0.95x, scripted >= 0.7x
            }
            rows.add(table.row(name, k, unit, better, t));
        }
        int warmup = options.warmupRounds * rounds / options.rounds; // whole rounds, slices and all
        rotate(kinds, warmup, rounds, (kind, recorded) -> {
            double v = m.run(kind);
            if (recorded) {
                rows.get(kinds.indexOf(kind)).add(v);
            }
        });
        System.err.println("measured " + name);
    }

    private interface Sample {
        void take(Kind kind, boolean recorded) throws Exception;
    }

    /**
     * {@code warmup} unrecorded rounds, then {@code rounds} recorded ones; each round takes a
     * sample of every kind, in an order shuffled afresh each round (with a fixed seed, so runs
     * repeat). Not rotated: a rotation keeps each kind right after the same other one, and a
     * server whose threads still wind down after its stop (the peer's Netty event loops) would
     * then always weigh on the same successor.
     */
    private static void rotate(List<Kind> kinds, int warmup, int rounds, Sample sample) throws Exception {
        Random order = new Random(ORDER_SEED);
        List<Kind> round = new ArrayList<>(kinds);
        for (int r = -warmup; r < rounds; r++) {
            Collections.shuffle(round, order);
            for (Kind kind : round) {
                sample.take(kind, r >= 0);
            }
        }
    }

    /** The seed of the order in which each round visits the servers. */
    private static final long ORDER_SEED = 20261123L;

    // ------------------------------------------------------------------ 1, 2: start and stop

    /*
     * Figures 1 to 3 time each operation and give a sample's median operation, not its mean: a
     * start + stop is a few hundred microseconds, and one scheduler hiccup or GC pause in a slice
     * (this VM has them every few milliseconds) would otherwise move the whole slice's mean.
     */

    private double startStop(Kind kind) {
        long[] each = new long[sliced(options.startStops)];
        for (int i = 0; i < each.length; i++) {
            long t0 = System.nanoTime();
            kind.create().start().stop();
            each[i] = System.nanoTime() - t0;
        }
        return micros(median(each));
    }

    private double stopAfterClient(Kind kind) {
        long[] each = new long[sliced(options.stopsAfterClient)];
        for (int i = 0; i < each.length; i++) {
            BenchServer server = kind.create().start();
            try (MongoClient client = Clients.create(server.uri())) {
                ping(kind, server, client);
                long t0 = System.nanoTime();
                server.stop();
                each[i] = System.nanoTime() - t0;
            }
        }
        return micros(median(each));
    }

    private double cycle(Kind kind) {
        long[] each = new long[sliced(options.cycles)];
        for (int i = 0; i < each.length; i++) {
            long t0 = System.nanoTime();
            BenchServer server = kind.create().start();
            try (MongoClient client = Clients.create(server.uri())) {
                ping(kind, server, client);
            } finally {
                server.stop();
            }
            each[i] = System.nanoTime() - t0;
        }
        return millis(median(each));
    }

    /** The median of these durations (the upper one of an even count). */
    static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One ping: the driver's; a scripted server's test thread answers it with receives().ok(). */
    private static void ping(Kind kind, BenchServer server, MongoClient client) {
        if (!kind.scripted()) {
            Clients.ping(client);
            return;
        }
        try (Outcome<Void> outcome = Go.go(() -> Clients.ping(client))) {
            ((Kind.Ours) server).server.receives(Kind.PING).ok();
            outcome.get();
        }
    }

    // ------------------------------------------------------------------ 3: through JUnit

    private final Launcher launcher = LauncherFactory.create();

    private double junit(Kind kind) {
        Class<?> tests = kind == Kind.OURS ? JUnitCycle.Extension.class : JUnitCycle.ByHand.class;
        JUnitCycle.handKind = kind;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(tests))
                .configurationParameter(JUnitCycle.COUNT, String.valueOf(options.junitTests))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        TestDurations durations = new TestDurations();
        launcher.execute(request, listener, durations);
        TestExecutionSummary summary = listener.getSummary();
        if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != options.junitTests) {
            Throwable first = summary.getFailures().isEmpty() ? null : summary.getFailures().get(0).getException();
            throw new IllegalStateException("expected " + options.junitTests + " passing tests of " + tests.getName()
                    + " on " + kind.label + ", got " + summary.getTestsSucceededCount() + " passed and "
                    + summary.getTotalFailureCount() + " failed", first);
        }
        return millis(median(durations.each()));
    }

    /** Each test's time from its start to its end, callbacks and parameter resolution included. */
    private static final class TestDurations implements TestExecutionListener {
        private final Map<TestIdentifier, Long> started = new ConcurrentHashMap<>();
        private final List<Long> each = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                started.put(test, System.nanoTime());
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            Long t0 = started.remove(test);
            if (t0 != null) {
                each.add(System.nanoTime() - t0);
            }
        }

        long[] each() {
            synchronized (each) {
                return each.stream().mapToLong(Long::longValue).toArray();
            }
        }
    }

    // ------------------------------------------------------------------ 4: throughput

    /**
     * Every server and its client stay up for the whole figure, and the samples are short slices
     * of pings taken from each server in turn, {@value #SLICES} slices a round.
     */
    private void throughput(String name, int threads, int perThread) throws Exception {
        Map<Kind, BenchServer> servers = new EnumMap<>(Kind.class);
        Map<Kind, MongoClient> clients = new EnumMap<>(Kind.class);
        try {
            for (Kind kind : ALL) {
                BenchServer server = kind.create().start();
                servers.put(kind, server);
                clients.put(kind, Clients.create(server.uri()));
                pings(kind, server, clients.get(kind), threads, Math.max(1, options.pingWarmup / threads));
            }
            figure(name, "pings/s", Row.Better.HIGHER, 0, ALL, options.rounds * SLICES, kind -> {
                long elapsed = pings(kind, servers.get(kind), clients.get(kind), threads, perThread);
                return threads * perThread / (elapsed / 1e9);
            });
        } finally {
            clients.values().forEach(MongoClient::close);
            servers.values().forEach(BenchServer::stop);
        }
    }

    /**
     * Pings from {@code threads} client threads, {@code perThread} each, all released at once;
     * a scripted server's test thread (this one) answers them meanwhile. Returns the nanoseconds
     * from the release to the last answer.
     */
    private static long pings(Kind kind, BenchServer server, MongoClient client, int threads, int perThread)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        Clients.ping(client);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-client-" + t);
            thread.setDaemon(true);
            thread.start();
            clients.add(thread);
        }
        long t0 = System.nanoTime();
        go.countDown();
        if (kind.scripted()) {
            MockupServer mockup = ((Kind.Ours) server).server;
            for (int i = 0; i < threads * perThread && failure.get() == null; i++) {
                mockup.receives(Kind.PING).ok();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (Thread thread : clients) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new IllegalStateException("a client thread did not finish its pings within 2 minutes");
            }
        }
        long elapsed = System.nanoTime() - t0;
        if (failure.get() != null) {
            throw new IllegalStateException("a ping failed on " + kind.label, failure.get());
        }
        return elapsed;
    }

    // ------------------------------------------------------------------ 5: a fresh JVM

    private double freshJvm(Kind kind) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath(), FirstPing.class.getName(), kind.name())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(FirstPing.DONE)) {
                // wait for the answered ping
            }
            long elapsed = System.nanoTime() - t0;
            if (line == null) {
                throw new IllegalStateException("the child JVM for " + kind.label + " ended before its ping was"
                        + " answered (exit code " + process.waitFor() + ")");
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return millis(elapsed);
        } finally {
            process.destroyForcibly();
        }
    }

    /** This JVM's class path; under Surefire, whose class path is a manifest-only jar, that jar's Class-Path. */
    private static String classPath() throws IOException {
        String path = System.getProperty("java.class.path");
        String[] entries = path.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entries[0])) {
                String manifest = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifest != null) {
                    List<String> files = new ArrayList<>();
                    for (String url : manifest.trim().split(" +")) {
                        files.add(new File(URI.create(url)).getPath());
                    }
                    return String.join(File.pathSeparator, files);
                }
            }
        }
        return path;
    }

    // ------------------------------------------------------------------ 6: memory and threads

    private void memory() throws Exception {
        for (String figure : List.of(IDLE_THREADS, IDLE_HEAP, CONN_THREADS, CONN_HEAP, RETAINED, THREAD_GROWTH)) {
            for (Kind kind : MEMORY) {
                // No growth per request: a thread is never added, and with a journal limit next to no
                // memory is kept (the unlimited journal keeps every request, by design, for the test).
                double bound = figure.equals(THREAD_GROWTH) ? 0.5
                        : figure.equals(RETAINED) && kind == Kind.OURS_BOUNDED ? 64 : 0;
                table.row(figure, kind, figure.equals(RETAINED) ? "bytes" : figure.contains("heap") ? "KB" : "threads",
                        bound > 0 ? Row.Better.AT_MOST : Row.Better.NONE, bound);
            }
        }
        rotate(MEMORY, options.warmupRounds, options.rounds, (kind, recorded) -> {
            double[] v = memory(kind);
            if (recorded) {
                table.find(IDLE_THREADS, kind).add(v[0]);
                table.find(IDLE_HEAP, kind).add(v[1]);
                table.find(CONN_THREADS, kind).add(v[2]);
                table.find(CONN_HEAP, kind).add(v[3]);
            }
        });
        rotate(MEMORY, options.warmupRounds, options.rounds, (kind, recorded) -> {
            double[] v = retained(kind);
            if (recorded) {
                table.find(RETAINED, kind).add(v[0]);
                table.find(THREAD_GROWTH, kind).add(v[1]);
            }
        });
        System.err.println("measured memory and threads");
    }

    /** Idle threads, idle heap (KB), threads per connection, heap per connection (KB). */
    private double[] memory(Kind kind) throws IOException {
        long[] before = snapshot();
        BenchServer server = kind.create().start();
        List<Socket> sockets = new ArrayList<>();
        try {
            long[] idle = snapshot();
            int port = URI.create(server.uri()).getPort();
            for (int i = 0; i < options.connections; i++) {
                Socket socket = new Socket("localhost", port);
                sockets.add(socket);
                hello(socket, i + 1);
            }
            long[] connected = snapshot();
            int n = options.connections;
            return new double[] {idle[0] - before[0], (idle[1] - before[1]) / 1024.0,
                    (connected[0] - idle[0]) / (double) n, (connected[1] - idle[1]) / 1024.0 / n};
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            server.stop();
        }
    }

    /** Heap bytes retained per request over many pings after a warm-up, and the threads added meanwhile. */
    private double[] retained(Kind kind) {
        BenchServer server = kind.create().start();
        try (MongoClient client = Clients.create(server.uri())) {
            // past the bound of a journal of 1000 (and its transcript's 4000 entries), so that what
            // follows measures a full journal: growth, not filling
            for (int i = 0; i < options.retainedWarmup; i++) {
                Clients.ping(client);
            }
            long[] before = snapshot();
            for (int i = 0; i < options.retainedRequests; i++) {
                Clients.ping(client);
            }
            long[] after = snapshot();
            return new double[] {(after[1] - before[1]) / (double) options.retainedRequests, after[0] - before[0]};
        } finally {
            server.stop();
        }
    }

    /** A hello over a raw socket, so the server has accepted and set up the connection. */
    private static void hello(Socket socket, int requestId) throws IOException {
        BsonDocument hello = new BsonDocument("hello", new BsonInt32(1)).append("$db", new BsonString("admin"));
        socket.getOutputStream().write(WireEncoder.msg(requestId, 0, 0, hello, Map.of()));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] header = new byte[4];
        in.readFully(header);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16 | (header[3] & 0xFF) << 24;
        in.readFully(new byte[length - 4]);
    }

    /** Live threads and heap used after a full collection. */
    private static long[] snapshot() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return new long[] {ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()};
    }

    /** A count spread over the {@value #SLICES} slices of a round: at least one each. */
    private static int sliced(int count) {
        return Math.max(1, (count + SLICES - 1) / SLICES);
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

}
