package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.Request;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.WireEncoder;

/**
 * A storm of malformed frames over many raw connections, beside well-behaved driver clients on the same
 * server: mutations of the real driver frames of the fuzz corpus (bit flips, truncations, corrupted
 * lengths, deep nesting, compressed frames that lie about their size). Every good request is journaled and
 * answered, no connection thread dies of an uncaught throwable, and after {@code stop()} no server thread
 * is left and the port is free.
 */
class StormTest {
    private static final Path CORPUS = Path.of("..", "mockup-core", "src", "test", "resources", "org", "mockupdb",
            "internal", "wire", "WireFuzzTestInputs", "frames");
    private static final int MALFORMED_FRAMES = 12_000;
    private static final int STORM_THREADS = 6;
    private static final int FRAMES_PER_CONNECTION = 20;
    private static final int DRIVER_CLIENTS = 4;

    @Test
    void malformedFramesDoNotHurtGoodClients() throws Exception {
        List<byte[]> seeds = seeds();
        Set<String> before = serverThreads();
        ConcurrentLinkedQueue<String> deaths = new ConcurrentLinkedQueue<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> deaths.add(t.getName() + ": " + e));
        // Each protocol error is logged as a warning: 12,000 of them would bury the build's output.
        java.util.logging.Logger serverLog = java.util.logging.Logger.getLogger(MockupServer.class.getName());
        java.util.logging.Level level = serverLog.getLevel();
        serverLog.setLevel(java.util.logging.Level.SEVERE);
        MockupServer server = new MockupServer().start();
        int port = server.port();
        try {
            server.autoResponds("ping");
            server.autoResponds("insert", request -> request.ok(new Document("n", 1)));
            AtomicBoolean storming = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger connections = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(STORM_THREADS + DRIVER_CLIENTS);
            List<Future<?>> storm = new ArrayList<>();
            for (int t = 0; t < STORM_THREADS; t++) {
                Random random = new Random(1234 + t);
                storm.add(pool.submit(() -> {
                    while (sent.get() < MALFORMED_FRAMES) {
                        connections.incrementAndGet();
                        sent.addAndGet(stormOneConnection(server, seeds, random));
                    }
                    return null;
                }));
            }
            List<Future<int[]>> good = new ArrayList<>();
            for (int c = 0; c < DRIVER_CLIENTS; c++) {
                int client = c;
                good.add(pool.submit(() -> behave(server, client, storming)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Future<?> f : storm) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            storming.set(false);
            int pings = 0;
            int inserts = 0;
            for (Future<int[]> f : good) {
                int[] counts = f.get(30, TimeUnit.SECONDS);
                pings += counts[0];
                inserts += counts[1];
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the storm's threads end");
            assertTrue(sent.get() >= MALFORMED_FRAMES, "sent " + sent.get() + " malformed frames");

            // Every good request was journaled, once, and (since each call returned) answered.
            Set<String> journaled = new HashSet<>();
            for (Request r : server.requests()) {
                BsonDocument body = r.body();
                if (body.containsKey("ping") && body.containsKey("stormClient")) {
                    journaled.add("ping " + body.get("stormClient").asInt32().getValue() + "/"
                            + body.get("seq").asInt32().getValue());
                } else if (body.isString("insert") && body.getString("insert").getValue().equals("storm")
                        && body.isArray("documents")) {
                    for (BsonValue v : body.getArray("documents")) {
                        BsonDocument d = v.asDocument();
                        journaled.add("insert " + d.get("stormClient").asInt32().getValue() + "/"
                                + d.get("seq").asInt32().getValue());
                    }
                }
            }
            assertEquals(pings + inserts, journaled.size(), "journaled good requests (" + pings + " pings, "
                    + inserts + " inserts answered)");
            assertTrue(pings > 0 && inserts > 0, pings + " pings, " + inserts + " inserts");
            assertTrue(deaths.isEmpty(), "threads died of uncaught throwables: " + deaths);
            System.out.printf("storm: %d malformed frames over %d connections, %d protocol errors recorded; "
                    + "%d pings and %d inserts from %d driver clients, all journaled and answered%n", sent.get(),
                    connections.get(), server.protocolErrors().size(), pings, inserts, DRIVER_CLIENTS);
        } finally {
            server.stop();
            Thread.setDefaultUncaughtExceptionHandler(previous);
            serverLog.setLevel(level);
        }
        awaitNoServerThreadsBeyond(before);
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the port is free after stop()");
        }
    }

    /** Pings and inserts until the storm ends, each tagged so the journal can be checked: {pings, inserts}. */
    private static int[] behave(MockupServer server, int client, AtomicBoolean storming) {
        try (MongoClient driver = Clients.connect(server.uri() + (client % 2 == 0 ? "/?compressors=zlib" : ""))) {
            MongoCollection<Document> coll = driver.getDatabase("db").getCollection("storm");
            int pings = 0;
            int inserts = 0;
            int seq = 0;
            while (storming.get() || seq < 10) {
                seq++;
                driver.getDatabase("admin").runCommand(new Document("ping", 1).append("stormClient", client)
                        .append("seq", seq));
                pings++;
                coll.insertOne(new Document("stormClient", client).append("seq", seq));
                inserts++;
            }
            return new int[] {pings, inserts};
        }
    }

    /** Opens a raw connection, sends a burst of malformed frames, and reads what comes back until EOF. */
    private static int stormOneConnection(MockupServer server, List<byte[]> seeds, Random random) throws IOException {
        int sent = 0;
        try (Socket raw = new Socket(server.socketAddress().getAddress(), server.port())) {
            raw.setSoTimeout(5_000);
            OutputStream out = raw.getOutputStream();
            try {
                for (int i = 0; i < FRAMES_PER_CONNECTION; i++) {
                    out.write(mutate(seeds.get(random.nextInt(seeds.size())), random));
                    sent++;
                }
                out.flush();
                raw.shutdownOutput();
            } catch (IOException e) {
                return sent; // the server closed the connection after a frame whose boundaries were lost
            }
            InputStream in = raw.getInputStream();
            byte[] sink = new byte[8192];
            try {
                while (in.read(sink) >= 0) {
                    // drain the error replies until the server closes
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed a storm connection in 5 s", e);
            } catch (IOException e) {
                // a reset: the server closed with bytes unread
            }
        }
        return sent;
    }

    /** One of the corpus's real frames, mutated. */
    static byte[] mutate(byte[] seed, Random random) {
        byte[] f = seed.clone();
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        switch (random.nextInt(9)) {
            case 0 -> { // bit flips
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    int at = random.nextInt(f.length);
                    f[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // truncated, the header still declaring the full length
                f = Arrays.copyOf(f, 16 + random.nextInt(f.length - 15));
            }
            case 2 -> { // truncated, the header agreeing: the body ends early
                f = Arrays.copyOf(f, 16 + random.nextInt(f.length - 15));
                ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(0, f.length);
            }
            case 3 -> { // a length inside the body overwritten with a big or negative number
                if (f.length > 24) {
                    int at = 16 + random.nextInt(f.length - 20);
                    b.putInt(at, random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(64)
                            : -random.nextInt(1 << 20));
                }
            }
            case 4 -> { // the header's length corrupted (but not so big that the connection waits for it)
                b.putInt(0, f.length + random.nextInt(9) - 4);
            }
            case 5 -> { // deep nesting in an OP_MSG body
                f = deepMsg(100 + random.nextInt(5_000));
            }
            case 6 -> { // a compressed frame that lies about its uncompressed size
                Compressor c = Compressor.values()[1 + random.nextInt(3)];
                byte[] wrapped = WireEncoder.compress(plainSeed(seed), c);
                ByteBuffer.wrap(wrapped).order(ByteOrder.LITTLE_ENDIAN).putInt(20,
                        random.nextBoolean() ? 47_000_000 : random.nextInt(Math.max(1, wrapped.length)));
                f = wrapped;
            }
            case 7 -> { // the opcode replaced, OP_REPLY among them
                int[] codes = {1, 2001, 2002, 2004, 2005, 2006, 2007, 2012, 2013, 9999};
                b.putInt(12, codes[random.nextInt(codes.length)]);
            }
            default -> { // random bytes over a stretch of the body
                int at = 16 + random.nextInt(Math.max(1, f.length - 16));
                for (int i = at; i < Math.min(f.length, at + 1 + random.nextInt(16)); i++) {
                    f[i] = (byte) random.nextInt();
                }
            }
        }
        return f;
    }

    /** The seed itself when it is not compressed, else a plain OP_MSG ping to compress. */
    private static byte[] plainSeed(byte[] seed) {
        int opCode = ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        return opCode == 2013 || opCode == 2004 ? seed
                : WireEncoder.msg(1, 0, 0, org.bson.BsonDocument.parse("{ping: 1, $db: 'admin'}"), java.util.Map.of());
    }

    /** An OP_MSG whose body nests {"x": ...} {@code levels} deep, built without recursion. */
    private static byte[] deepMsg(int levels) {
        int docSize = 8 * levels + 5;
        byte[] f = new byte[21 + docSize];
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, f.length).putInt(4, 99).putInt(8, 0).putInt(12, 2013).putInt(16, 0);
        f[20] = 0;
        int size = docSize;
        for (int i = 0; i < levels; i++) {
            int at = 21 + 7 * i;
            b.putInt(at, size);
            f[at + 4] = 0x03;
            f[at + 5] = 'x';
            size -= 8;
        }
        b.putInt(21 + 7 * levels, 5); // the innermost, empty document; the closing zeros are already there
        return f;
    }

    private static List<byte[]> seeds() throws IOException {
        assertTrue(Files.isDirectory(CORPUS), "the fuzz corpus of real frames at " + CORPUS.toAbsolutePath());
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<byte[]> seeds = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
            assertTrue(seeds.size() > 20, "seeds: " + seeds.size());
            return seeds;
        }
    }

    private static Set<String> serverThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("mockupdb-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static void awaitNoServerThreadsBeyond(Set<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> left = serverThreads();
        left.removeAll(before);
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected no mockupdb-* thread after stop(), found " + left);
            }
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (left.contains(t.getName())) {
                    t.join(100);
                }
            }
            left = serverThreads();
            left.removeAll(before);
        }
    }
}
