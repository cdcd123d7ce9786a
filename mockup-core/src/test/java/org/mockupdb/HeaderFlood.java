package org.mockupdb;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what N connections cost the server's JVM when each sends only a 16-byte header declaring a
 * 48 MB message (mode "header"), or nothing at all (mode "idle"): used heap after a full GC and the
 * process's RSS, before and after. Not a test; run it against any build of the core:
 *
 * <pre>
 * java -Xmx4g -cp mockup-core/target/classes:$HOME/.m2/repository/org/mongodb/bson/5.14.0/bson-5.14.0.jar \
 *     mockup-core/src/test/java/org/mockupdb/HeaderFlood.java 200 header
 * </pre>
 */
public final class HeaderFlood {
    private HeaderFlood() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        boolean header = args.length < 2 || args[1].equals("header");
        MockupServer server = new MockupServer().start();
        long heap0 = usedHeap();
        long rss0 = rss();
        List<Socket> sockets = new ArrayList<>();
        byte[] bytes = new byte[16];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(48_000_000).putInt(1).putInt(0).putInt(2013);
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
            if (header) {
                s.getOutputStream().write(bytes);
                s.getOutputStream().flush();
            }
            sockets.add(s);
        }
        // Let every connection thread read its header and allocate what it will (3 s; nothing to wait on).
        LockSupport.parkNanos(3_000_000_000L);
        long heap1 = usedHeap();
        long rss1 = rss();
        System.out.printf("%d connections, %s: used heap %.1f MB -> %.1f MB (+%.1f MB, %.0f KB each), "
                        + "RSS %.1f MB -> %.1f MB (+%.1f MB, %.0f KB each), max heap %.0f MB%n",
                n, header ? "each sent a 16-byte header declaring 48 MB" : "idle", heap0 / 1e6, heap1 / 1e6,
                (heap1 - heap0) / 1e6, (heap1 - heap0) / 1e3 / n, rss0 / 1e6, rss1 / 1e6, (rss1 - rss0) / 1e6,
                (rss1 - rss0) / 1e3 / n, Runtime.getRuntime().maxMemory() / 1e6);
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        server.stop();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
