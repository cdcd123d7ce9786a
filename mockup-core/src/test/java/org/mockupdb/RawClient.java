package org.mockupdb;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.FrameReader;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireEncoder;

/** A client that speaks raw frames over a real socket, for tests that need exact bytes. */
final class RawClient implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger(1000);

    private final Closeable connection;
    private final OutputStream out;
    private final InputStream in;

    RawClient(MockupServer server) {
        this(connect(server.port()));
    }

    /** A client over a connected socket: plain TCP, or TLS (an SSLSocket). */
    RawClient(Socket socket) {
        try {
            socket.setSoTimeout(10_000);
            connection = socket;
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client over a connected channel (a Unix domain socket). */
    RawClient(SocketChannel channel) {
        connection = channel;
        out = Channels.newOutputStream(channel);
        in = Channels.newInputStream(channel);
    }

    private static Socket connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int nextId() {
        return IDS.incrementAndGet();
    }

    /** Sends an OP_MSG with this body (a $db of "db" is added when missing); returns its request id. */
    int sendMsg(Document body) {
        return sendMsg(0, body, Map.of());
    }

    int sendMsg(int flagBits, Document body, Map<String, List<BsonDocument>> sequences) {
        BsonDocument doc = BsonValues.toBsonDocument(body).clone();
        if (!doc.containsKey("$db")) {
            doc.put("$db", new BsonString("db"));
        }
        int id = nextId();
        send(WireEncoder.msg(id, 0, flagBits, doc, sequences));
        return id;
    }

    void send(byte[] frame) {
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame the server sends, decoded. */
    Frame read() {
        try {
            byte[] bytes = new FrameReader(in).next();
            if (bytes == null) {
                throw new AssertionError("expected a reply, but the server closed the connection");
            }
            return WireDecoder.decodeReply(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection: the next read sees end of stream (or a reset). */
    boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
