package org.mockupdb.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.mockupdb.Connection;
import org.mockupdb.internal.transport.Link;

/** The server's end of one client connection: its link, its write lock and its transcript. */
public final class ServerConnection implements Connection {
    private final int id;
    private final Link link;
    private InputStream in;
    private volatile OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final IntSupplier requestIds;
    private final Transcript transcript;
    private final Consumer<Runnable> background;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean open = true;

    /**
     * @param background starts a task on a thread the server tracks and joins on stop
     */
    public ServerConnection(int id, Link link, IntSupplier requestIds, Transcript transcript,
                            Consumer<Runnable> background) {
        this.id = id;
        this.link = link;
        this.requestIds = requestIds;
        this.transcript = transcript;
        this.background = background;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public SocketAddress clientAddress() {
        return link.remoteAddress();
    }

    @Override
    public int clientPort() {
        return link.remoteAddress() instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /**
     * Completes the transport's handshake (TLS) on the connection's own thread; call once,
     * before {@link #input()}.
     */
    public void open() throws IOException {
        link.open();
        in = new BufferedInputStream(link.input(), 16 * 1024);
        out = link.output();
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
            if (!open || out == null) {
                return false;
            }
            out.write(frame);
            out.flush();
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
            if (open && out != null) {
                out.write(frame, 0, Math.min(length, frame.length));
                out.flush();
            }
        } catch (IOException e) {
            // closing below anyway
        } finally {
            writeLock.unlock();
        }
        close();
    }

    /** Runs {@code task} after {@code delay} on a background thread, unless the connection closes first. */
    public void later(java.time.Duration delay, Runnable task) {
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
        link.abort();
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
        link.close();
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + clientAddress();
    }
}
