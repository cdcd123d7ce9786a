package org.mockupdb;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.transport.Link;
import org.mockupdb.internal.transport.Listener;

/**
 * Accepts connections on a bound {@link Listener} and gives each its own thread, which runs the
 * connection loop it is given. Tracks every thread it starts (connections and delayed replies),
 * so that {@link #stop()} closes every connection and joins them all: after it, no thread of the
 * server is left and the port is free.
 */
final class Acceptor {
    private static final System.Logger LOG = System.getLogger(MockupServer.class.getName());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    /** Makes the server side of an accepted link; runs it on the connection's thread. */
    interface ConnectionLoop {
        void serve(ServerConnection connection);
    }

    private final Listener listener;
    private final String label;
    private final int maxConnections;
    private final Transcript transcript;
    private final AtomicInteger requestIds;
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Set<ServerConnection> connections = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<Thread> threads = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Object lock = new Object();
    private boolean running;
    /** Closes each new connection at once, before reading from it: a member made unreachable. */
    private volatile boolean refusing;
    private Thread acceptThread;

    /**
     * @param label          names the threads: {@code mockupdb-conn-LABEL-ID}
     * @param maxConnections connections beyond this many are closed at once, with a note
     */
    Acceptor(Listener listener, String label, int maxConnections, Transcript transcript, AtomicInteger requestIds) {
        this.listener = listener;
        this.label = label;
        this.maxConnections = maxConnections;
        this.transcript = transcript;
        this.requestIds = requestIds;
    }

    void start(ConnectionLoop loop) {
        synchronized (lock) {
            running = true;
            acceptThread = new Thread(() -> acceptLoop(loop), "mockupdb-accept-" + label);
            acceptThread.setDaemon(true);
            acceptThread.start();
        }
    }

    int openConnections() {
        return connections.size();
    }

    private void acceptLoop(ConnectionLoop loop) {
        while (true) {
            Link link;
            try {
                link = listener.accept();
            } catch (IOException e) {
                synchronized (lock) {
                    if (running) {
                        LOG.log(System.Logger.Level.WARNING, "accept failed on " + label, e);
                    }
                }
                return;
            }
            ServerConnection connection = new ServerConnection(connectionIds.incrementAndGet(), link,
                    requestIds::incrementAndGet, transcript, this::background);
            Thread thread = new Thread(() -> run(loop, connection), "mockupdb-conn-" + label + "-" + connection.id());
            thread.setDaemon(true);
            synchronized (lock) {
                if (!running) {
                    link.close();
                    return;
                }
                if (refusing) {
                    transcript.note(connection.id(), "connection from " + link.remoteAddress()
                            + " closed at once: the server refuses connections (unreachable)");
                    link.close();
                    continue;
                }
                if (connections.size() >= maxConnections) {
                    transcript.note(connection.id(), "connection from " + link.remoteAddress() + " refused: "
                            + maxConnections + (maxConnections == 1 ? " connection is" : " connections are")
                            + " open, the most this server takes (Builder.maxConnections)");
                    link.close();
                    continue;
                }
                connections.add(connection);
                threads.add(thread);
            }
            transcript.connectionOpened(connection.id(), String.valueOf(link.remoteAddress()));
            thread.start();
        }
    }

    private void run(ConnectionLoop loop, ServerConnection connection) {
        try {
            loop.serve(connection);
        } finally {
            connection.release();
            connections.remove(connection);
            threads.remove(Thread.currentThread());
        }
    }

    /** Closes every open connection (their threads end); the server goes on accepting new ones. */
    void closeConnections() {
        List<ServerConnection> open;
        synchronized (connections) {
            open = new ArrayList<>(connections);
        }
        open.forEach(ServerConnection::hangUp);
    }

    /** Whether to close each new connection at once, before reading from it. */
    void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    /** Runs a task on a thread that stop() joins; refused once the server has stopped. */
    void background(Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "mockupdb-task-" + label);
        thread.setDaemon(true);
        synchronized (lock) {
            if (!running) {
                return;
            }
            threads.add(thread);
        }
        thread.start();
    }

    /** Closes the listener and every connection, and joins every thread it started. */
    void stop() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            listener.close();
        }
        List<ServerConnection> open;
        synchronized (connections) {
            open = new ArrayList<>(connections);
        }
        open.forEach(ServerConnection::close);
        List<Thread> toJoin;
        synchronized (threads) {
            toJoin = new ArrayList<>(threads);
        }
        toJoin.add(acceptThread);
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread t : toJoin) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "thread " + t.getName()
                        + " did not end within " + JOIN_TIMEOUT.toSeconds() + " s of stop(): a responder may be blocked");
            }
        }
    }
}
