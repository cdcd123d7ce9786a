package org.mockupdb.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.mockupdb.MockupServer;
import org.mockupdb.internal.wire.WireEncoder;

/**
 * The limit the others are measured against: a thread per connection on loopback that reads
 * each frame and writes back one precomputed reply, a hello that also says {@code ok: 1}, with
 * only {@code responseTo} patched: an OP_REPLY to an OP_QUERY (the driver's first handshake),
 * an OP_MSG to everything else. It decodes nothing and keeps nothing. Like MockupServer, stop()
 * closes every connection and joins every thread.
 */
final class BaselineServer implements BenchServer {
    private static final int OP_QUERY = 2004;
    private static final byte[] MSG_REPLY;
    private static final byte[] QUERY_REPLY;

    static {
        BsonDocument hello = new BsonDocument("helloOk", BsonBoolean.TRUE)
                .append("ismaster", BsonBoolean.TRUE)
                .append("isWritablePrimary", BsonBoolean.TRUE)
                .append("maxBsonObjectSize", new BsonInt32(16 * 1024 * 1024))
                .append("maxMessageSizeBytes", new BsonInt32(48_000_000))
                .append("maxWriteBatchSize", new BsonInt32(100_000))
                .append("localTime", new BsonDateTime(System.currentTimeMillis()))
                .append("logicalSessionTimeoutMinutes", new BsonInt32(30))
                .append("connectionId", new BsonInt32(1))
                .append("minWireVersion", new BsonInt32(0))
                .append("maxWireVersion", new BsonInt32(MockupServer.DEFAULT_MAX_WIRE_VERSION))
                .append("readOnly", BsonBoolean.FALSE)
                .append("ok", new BsonInt32(1));
        MSG_REPLY = WireEncoder.msg(1, 0, 0, hello, Map.of());
        QUERY_REPLY = WireEncoder.reply(1, 0, 0, 0, 0, List.of(hello));
    }

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ServerSocket listener;
    private volatile boolean running;

    @Override
    public BenchServer start() {
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running = true;
        startThread(this::acceptLoop, "baseline-accept");
        return this;
    }

    @Override
    public String uri() {
        return "mongodb://localhost:" + listener.getLocalPort();
    }

    @Override
    public void stop() {
        List<Socket> open;
        List<Thread> toJoin;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            open = new ArrayList<>(sockets);
            toJoin = new ArrayList<>(threads);
        }
        closeQuietly(listener);
        open.forEach(BaselineServer::closeQuietly);
        for (Thread t : toJoin) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void startThread(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void acceptLoop() {
        while (running) {
            Socket socket;
            try {
                socket = listener.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                if (!running) {
                    closeQuietly(socket);
                    return;
                }
                sockets.add(socket);
                startThread(() -> serve(socket), "baseline-conn");
            }
        }
    }

    private void serve(Socket socket) {
        byte[] msgReply = MSG_REPLY.clone();
        byte[] queryReply = QUERY_REPLY.clone();
        byte[] buffer = new byte[16 * 1024];
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            while (true) {
                if (!readFully(in, buffer, 0, 16)) {
                    return;
                }
                int length = intAt(buffer, 0);
                if (length < 16) {
                    return;
                }
                if (length > buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, length);
                }
                if (!readFully(in, buffer, 16, length - 16)) {
                    return;
                }
                byte[] reply = intAt(buffer, 12) == OP_QUERY ? queryReply : msgReply;
                System.arraycopy(buffer, 4, reply, 8, 4); // responseTo = the request's id
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            // the client or stop() closed the connection
        } finally {
            synchronized (this) {
                sockets.remove(socket);
                threads.remove(Thread.currentThread());
            }
        }
    }

    private static boolean readFully(InputStream in, byte[] buffer, int offset, int n) throws IOException {
        int done = 0;
        while (done < n) {
            int got = in.read(buffer, offset + done, n - done);
            if (got < 0) {
                return false;
            }
            done += got;
        }
        return true;
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
