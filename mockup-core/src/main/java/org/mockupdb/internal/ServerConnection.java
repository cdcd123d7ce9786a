package org.mockupdb.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.bson.BsonDocument;
import org.mockupdb.Connection;
import org.mockupdb.ConnectionRole;
import org.mockupdb.internal.auth.ConnectionAuth;
import org.mockupdb.internal.transport.Link;

/**
 * The server's end of one client connection: its link, its write lock and its transcript. Once
 * the connection's loop ends, {@link #release()} drops the link and its buffers, so that what a
 * journaled request keeps of its connection is a few fields.
 */
public final class ServerConnection implements Connection {
    private static final int READ_BUFFER = 16 * 1024;

    private final int id;
    private final SocketAddress remote;
    private volatile Link link;
    private InputStream in;
    private volatile OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final IntSupplier requestIds;
    private final Transcript transcript;
    private final Consumer<Runnable> background;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean open = true;
    private volatile BsonDocument handshake;
    private volatile ConnectionRole role = ConnectionRole.UNKNOWN;
    private final ConnectionAuth auth = new ConnectionAuth();
    /** Messages read so far; only the connection's own thread writes it. */
    private int messages;

    /**
     * @param background starts a task on a thread the server tracks and joins on stop
     */
    public ServerConnection(int id, Link link, IntSupplier requestIds, Transcript transcript,
                            Consumer<Runnable> background) {
        this.id = id;
        this.link = link;
        this.remote = link.remoteAddress();
        this.requestIds = requestIds;
        this.transcript = transcript;
        this.background = background;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Optional<SocketAddress> clientAddress() {
        return Optional.ofNullable(remote);
    }

    @Override
    public int clientPort() {
        return remote instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    @Override
    public Optional<BsonDocument> handshake() {
        return Optional.ofNullable(handshake);
    }

    @Override
    public ConnectionRole role() {
        return role;
    }

    /**
     * Learns from one more message what the connection is for: the first hello is the handshake;
     * a later command other than hello makes it an application connection, a later hello a
     * monitoring one (the round-trip-time connection of a streaming client is told apart by the
     * server, which knows which connections stream: {@link #setRole}).
     *
     * @param hello the message's body when it is a hello or isMaster, else null
     */
    public void observe(BsonDocument hello) {
        boolean first = messages++ == 0;
        if (hello != null) {
            if (first && handshake == null) {
                handshake = hello;
            } else if (role == ConnectionRole.UNKNOWN) {
                role = ConnectionRole.MONITORING;
            }
        } else if (role != ConnectionRole.APPLICATION) {
            role = ConnectionRole.APPLICATION;
        }
    }

    /** The connection's authentication state: whom it authenticated as, its SASL conversation, its certificate. */
    public ConnectionAuth auth() {
        return auth;
    }

    /**
     * The authentication state of a request's connection: its own for a server's connection, a
     * fresh unauthenticated one for a connection without a socket (a request built by a test).
     */
    public static ConnectionAuth authOf(Connection connection) {
        return connection instanceof ServerConnection server ? server.auth : new ConnectionAuth();
    }

    /** Sets the role where the server knows better than one connection's messages tell. */
    public void setRole(ConnectionRole role) {
        this.role = role;
    }

    /**
     * Completes the transport's handshake (TLS) on the connection's own thread; call once,
     * before {@link #input()}.
     *
     * @param idleTimeout how long a read may wait for the client's next bytes before the
     *                    connection is closed; zero for ever
     */
    public void open(Duration idleTimeout) throws IOException {
        Link current = link;
        if (current == null) {
            throw new IOException("the connection was closed before it opened");
        }
        if (!idleTimeout.isZero()) {
            // Before the TLS handshake, so that a client that never starts one is closed too.
            current.setReadTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        }
        current.open();
        auth.setClientCertificateSubject(current.clientCertificateSubject().orElse(null));
        in = new BufferedInputStream(current.input(), READ_BUFFER);
        out = current.output();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    public InputStream input() {
        return in;
    }

    public Transcript transcript() {
        return transcript;
    }

    /** A fresh request id for a message the server sends. */
    public int nextRequestId() {
        return requestIds.getAsInt();
    }

    /**
     * Writes one whole frame under the connection's write lock.
     *
     * @return false when the connection was already closed or the write failed
     */
    public boolean send(byte[] frame) {
        writeLock.lock();
        try {
            OutputStream o = out;
            if (!open || o == null) {
                return false;
            }
            o.write(frame);
            o.flush();
            return true;
        } catch (IOException e) {
            close();
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes the first {@code length} bytes of a frame and then closes the connection, so the
     * client reads a reply cut short.
     */
    public void sendCut(byte[] frame, int length) {
        writeLock.lock();
        try {
            OutputStream o = out;
            if (open && o != null) {
                o.write(frame, 0, Math.min(length, frame.length));
                o.flush();
            }
        } catch (IOException e) {
            // closing below anyway
        } finally {
            writeLock.unlock();
        }
        close();
    }

    /**
     * Writes a frame {@code chunk} bytes at a time, {@code interval} apart, under the write lock;
     * stops early when the connection closes.
     *
     * @return false when the connection closed before the whole frame went out
     */
    public boolean sendDribbled(byte[] frame, int chunk, Duration interval) {
        writeLock.lock();
        try {
            for (int at = 0; at < frame.length; at += chunk) {
                OutputStream o = out;
                if (!open || o == null) {
                    return false;
                }
                o.write(frame, at, Math.min(chunk, frame.length - at));
                o.flush();
                if (at + chunk < frame.length && awaitClose(interval)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            close();
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Waits up to {@code timeout} for the connection to close.
     *
     * @return whether it closed (or the waiting thread was interrupted)
     */
    public boolean awaitClose(Duration timeout) {
        try {
            return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Runs {@code task} after {@code delay} on a background thread, unless the connection closes first. */
    public void later(Duration delay, Runnable task) {
        background.accept(() -> {
            try {
                if (!closed.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Aborts the connection with a TCP reset (RST) instead of an orderly close. */
    public void reset() {
        transcript.note(id, "server reset the connection");
        open = false;
        closed.countDown();
        Link current = link;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void hangUp() {
        transcript.note(id, "server hung up");
        close();
    }

    /** Closes the connection (for TLS, with a close_notify first); a blocked read on it ends at once. */
    public void close() {
        open = false;
        closed.countDown();
        Link current = link;
        if (current != null) {
            current.close();
        }
    }

    /** Closes, then drops the link and the buffers; the connection's loop calls it as it ends. */
    public void release() {
        close();
        writeLock.lock();
        try {
            link = null;
            in = null;
            out = null;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remote;
    }
}
