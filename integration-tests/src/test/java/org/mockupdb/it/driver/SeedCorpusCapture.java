package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.FrameReader;
import org.mockupdb.internal.wire.WireEncoder;

/**
 * Captures the seed corpus of the wire fuzz tests (mockup-core's WireFuzzTest): real frames that the Java
 * driver sends to a MockupServer, recorded by a proxy between them, and cut into the shapes each fuzz test
 * takes. Not part of the normal suite; run it to refresh the corpus:
 *
 * <pre>
 * mvn -B -o -pl integration-tests -am test -Dtest=SeedCorpusCapture -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmockupdb.corpus=$PWD/mockup-core/src/test/resources/org/mockupdb/internal/wire/WireFuzzTestInputs
 * </pre>
 */
@EnabledIfSystemProperty(named = "mockupdb.corpus", matches = ".+")
class SeedCorpusCapture {
    private static final int OP_QUERY = 2004;
    private static final int OP_COMPRESSED = 2012;
    private static final int OP_MSG = 2013;

    /** Every frame a client sent through the proxy, in order, with the scenario that produced it. */
    private final ConcurrentLinkedQueue<Captured> frames = new ConcurrentLinkedQueue<>();

    private record Captured(String scenario, byte[] frame) {
    }

    @Test
    void captureFromTheJavaDriver() throws Exception {
        Path root = Path.of(System.getProperty("mockupdb.corpus"));
        try (MockupServer server = new MockupServer().start()) {
            server.autoResponds("find", Reply.ok(new Document("cursor", new Document("id", 42L).append("ns", "db.coll")
                    .append("firstBatch", List.of(new Document("_id", 1), new Document("_id", 2))))));
            server.autoResponds("getMore", Reply.ok(new Document("cursor", new Document("id", 42L)
                    .append("ns", "db.coll").append("nextBatch", List.of(new Document("_id", 3))))));
            server.autoResponds("killCursors", Reply.ok(new Document("cursorsKilled", List.of(42L))));
            server.autoResponds("insert", Reply.ok(new Document("n", 3)));
            server.autoResponds("ping");
            for (String compressor : new String[] {null, "zlib", "snappy", "zstd"}) {
                try (Proxy proxy = new Proxy(server.port(), compressor == null ? "plain" : compressor);
                     MongoClient client = Clients.connect("mongodb://localhost:" + proxy.port()
                             + "/?directConnection=true&heartbeatFrequencyMS=500"
                             + (compressor == null ? "" : "&compressors=" + compressor))) {
                    converse(client);
                    awaitHeartbeat();
                }
            }
        }
        write(root);
    }

    /** Waits (5 s at most) for a monitor's heartbeat: a hello over OP_MSG, after the OP_QUERY handshake. */
    private void awaitHeartbeat() {
        int before = (int) frames.stream().filter(SeedCorpusCapture::isHelloMsg).count();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (frames.stream().filter(SeedCorpusCapture::isHelloMsg).count() == before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected a heartbeat (hello over OP_MSG) within 5 s, got none");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    private static boolean isHelloMsg(Captured c) {
        return le(c.frame(), 12) == OP_MSG && describe(c.frame()).startsWith("hello");
    }

    private static void converse(MongoClient client) {
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        MongoCollection<Document> coll = client.getDatabase("db").getCollection("coll");
        coll.insertMany(List.of(new Document("_id", 1).append("text", "compressible ".repeat(40)),
                new Document("_id", 2).append("n", 2.5).append("tags", List.of("a", "b")),
                new Document("_id", 3).append("nested", new Document("x", new Document("y", true)))));
        try (MongoCursor<Document> cursor = coll.find(new Document("_id", new Document("$gt", 0)))
                .batchSize(2).iterator()) {
            for (int i = 0; i < 3; i++) {
                cursor.next(); // the third comes by getMore; closing the open cursor sends killCursors
            }
        }
    }

    private void write(Path root) throws IOException {
        List<Captured> all = new ArrayList<>(frames);
        assertTrue(all.size() > 20, "captured " + all.size() + " frames");
        Map<String, List<byte[]>> seeds = new java.util.TreeMap<>();
        int n = 0;
        for (Captured c : all) {
            byte[] f = c.frame();
            int opCode = le(f, 12);
            String name = String.format("%03d-%s-%s", n++, c.scenario(), describe(f));
            add(seeds, "frames", name, f);
            byte[] body = Arrays.copyOfRange(f, 16, f.length);
            if (opCode == OP_MSG) {
                add(seeds, "opMsg", name, body);
                add(seeds, "bson", name, Arrays.copyOfRange(f, 21, 21 + le(f, 21)));
            } else if (opCode == OP_QUERY) {
                add(seeds, "opQuery", name, body);
            } else if (opCode == OP_COMPRESSED) {
                String method = "compressed" + switch (f[24]) {
                    case 1 -> "Snappy";
                    case 2 -> "Zlib";
                    case 3 -> "Zstd";
                    default -> "Noop";
                };
                add(seeds, method, name, Arrays.copyOfRange(body, 0, 8) /* original opcode, size */);
                seeds.get(method).set(seeds.get(method).size() - 1,
                        concat(Arrays.copyOfRange(body, 0, 8), Arrays.copyOfRange(f, 25, f.length)));
            }
        }
        // The driver sends no noop compression, checksums or legacy opcodes: those seeds are the real
        // driver's frames re-encoded, and the legacy opcodes as a 2.x-era driver framed them.
        for (Captured c : all) {
            byte[] f = c.frame();
            if (le(f, 12) == OP_MSG && describe(f).startsWith("find")) {
                byte[] noop = WireEncoder.compress(f, Compressor.NOOP);
                add(seeds, "compressedNoop", "noop-" + describe(f), Arrays.copyOfRange(noop, 16, 16 + 8));
                seeds.get("compressedNoop").set(seeds.get("compressedNoop").size() - 1,
                        concat(Arrays.copyOfRange(noop, 16, 24), Arrays.copyOfRange(noop, 25, noop.length)));
                byte[] checksummed = checksummed(f);
                add(seeds, "frames", "checksummed-" + describe(f), checksummed);
                add(seeds, "opMsg", "checksummed-" + describe(f), Arrays.copyOfRange(checksummed, 16,
                        checksummed.length));
                break;
            }
        }
        BsonDocument q = new BsonDocument("_id", new BsonInt32(1));
        BsonDocument doc = new BsonDocument("_id", new BsonInt32(1)).append("s", new BsonString("x"));
        legacy(seeds, "getMore", 0, WireEncoder.getMore(1, "db.coll", 2, 42L));
        legacy(seeds, "killCursors", 1, WireEncoder.killCursors(1, List.of(42L, 43L)));
        legacy(seeds, "insert", 2, WireEncoder.insert(1, 0, "db.coll", List.of(doc, q)));
        legacy(seeds, "update", 3, WireEncoder.update(1, "db.coll", 1, q, doc));
        legacy(seeds, "delete", 4, WireEncoder.delete(1, "db.coll", 0, q));
        legacy(seeds, "reply", 5, WireEncoder.reply(1, 1, 0, 0L, 0, List.of(doc)));
        for (Map.Entry<String, List<byte[]>> e : seeds.entrySet()) {
            Path dir = root.resolve(e.getKey());
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                old.forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
            List<byte[]> values = e.getValue();
            for (int i = 0; i < values.size(); i += 2) {
                Files.write(dir.resolve(new String(values.get(i), java.nio.charset.StandardCharsets.UTF_8)),
                        values.get(i + 1));
            }
        }
        for (String method : List.of("frames", "opMsg", "opQuery", "legacy", "compressedZlib", "compressedSnappy",
                "compressedZstd", "compressedNoop", "bson")) {
            assertTrue(seeds.containsKey(method), "no seeds for " + method + ": " + seeds.keySet());
        }
        assertEquals(OP_QUERY, le(all.get(0).frame(), 12), "the driver's first handshake is OP_QUERY");
    }

    private static void legacy(Map<String, List<byte[]>> seeds, String name, int selector, byte[] frame) {
        byte[] input = new byte[frame.length - 16 + 1];
        input[0] = (byte) selector;
        System.arraycopy(frame, 16, input, 1, frame.length - 16);
        add(seeds, "legacy", "synthetic-" + name, input);
        add(seeds, "frames", "synthetic-" + name, frame);
    }

    /** Names and contents, alternating. */
    private static void add(Map<String, List<byte[]>> seeds, String method, String name, byte[] bytes) {
        List<byte[]> list = seeds.computeIfAbsent(method, k -> new ArrayList<>());
        list.add(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        list.add(bytes);
    }

    /** The same OP_MSG with checksumPresent set and its CRC-32C appended. */
    private static byte[] checksummed(byte[] f) {
        byte[] out = Arrays.copyOf(f, f.length + 4);
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, out.length);
        b.putInt(16, b.getInt(16) | 1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out, 0, f.length);
        b.putInt(f.length, (int) crc.getValue());
        return out;
    }

    /** "hello-op_query", "insert-op_msg", "op_compressed": what a frame is, for its file name. */
    private static String describe(byte[] f) {
        int opCode = le(f, 12);
        return switch (opCode) {
            case OP_MSG -> firstKey(f, 21) + "-op_msg" + (hasSequence(f) ? "-docseq" : "");
            case OP_QUERY -> {
                int ns = 20;
                while (f[ns] != 0) {
                    ns++;
                }
                yield firstKey(f, ns + 1 + 8) + "-op_query";
            }
            case OP_COMPRESSED -> "op_compressed-" + le(f, 16);
            default -> "opcode-" + opCode;
        };
    }

    private static boolean hasSequence(byte[] f) {
        int at = 21 + le(f, 21);
        return at < f.length && f[at] == 1;
    }

    private static String firstKey(byte[] f, int doc) {
        int start = doc + 5;
        int end = start;
        while (end < f.length && f[end] != 0) {
            end++;
        }
        return new String(f, start, end - start, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[^A-Za-z]", "");
    }

    private static int le(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A proxy that records each frame a client sends and passes the bytes both ways. */
    private final class Proxy implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        Proxy(int serverPort, String scenario) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                        sockets.add(client);
                        sockets.add(upstream);
                        start(() -> record(client, upstream, scenario));
                        start(() -> pump(upstream, client));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "capture-proxy");
            threads.add(acceptor);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void start(Runnable r) {
            Thread t = new Thread(r, "capture-proxy-pump");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void record(Socket client, Socket upstream, String scenario) {
            try {
                FrameReader reader = new FrameReader(client.getInputStream());
                OutputStream out = upstream.getOutputStream();
                byte[] frame;
                while ((frame = reader.next()) != null) {
                    frames.add(new Captured(scenario, frame));
                    out.write(frame);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                // the connection closed
            } finally {
                closeQuietly(upstream);
            }
        }

        private void pump(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                in.transferTo(out);
            } catch (IOException e) {
                // the connection closed
            } finally {
                closeQuietly(to);
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            for (Socket s : sockets) {
                closeQuietly(s);
            }
            for (Thread t : threads) {
                t.join(5_000);
            }
        }

        private void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
