package org.mockupdb;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.mockupdb.internal.ServerConnection;

/**
 * One server's {@code topologyVersion} and its streaming hello, after the server monitoring
 * specification: a hello with {@code topologyVersion} and {@code maxAwaitTimeMS} whose version is
 * the current one waits until the server's state changes ({@link #changed()}) or
 * {@code maxAwaitTimeMS} passes; one with another version is answered at once. On an OP_MSG that
 * allows exhaust, the answer is a stream: every reply is flagged moreToCome and the next one goes
 * out at the next change, or after {@code maxAwaitTimeMS}, until the connection closes or the
 * server stops ({@link #close()}). A hello without those fields (a poll, a handshake, the
 * round-trip-time monitor's) is answered at once.
 *
 * <p>The stream runs on the connection's own thread, which has nothing else to do: a client
 * reading an exhaust stream sends nothing more on that connection. The server's acceptor tracks
 * and joins that thread; {@link #close()} wakes it first.
 */
final class HelloStream {
    /** Makes the hello reply (or a fault) for a request, given the topologyVersion it must carry. */
    interface HelloSource {
        Response hello(Request request, BsonDocument topologyVersion);
    }

    private final ObjectId processId = new ObjectId();
    private final Object lock = new Object();
    private long counter;
    private boolean closed;
    /** The client metadata of connections streaming now: a plain hello from the same client measures round trips. */
    private final Set<Connection> streaming = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** {@code {processId, counter}} now. */
    BsonDocument topologyVersion() {
        synchronized (lock) {
            return version(counter);
        }
    }

    private BsonDocument version(long count) {
        return new BsonDocument("processId", new BsonObjectId(processId)).append("counter", new BsonInt64(count));
    }

    /** The server's state changed: the counter moves and every waiting stream sends its next reply now. */
    void changed() {
        synchronized (lock) {
            counter++;
            lock.notifyAll();
        }
    }

    /** Ends every stream (the server stops); later hellos are answered at once. */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** Answers a hello, streaming when it asks to; see the class description. Always returns true. */
    boolean answer(Request request, HelloSource source) {
        BsonDocument body = request.body();
        BsonValue clientVersion = body.get("topologyVersion");
        BsonValue maxAwait = body.get("maxAwaitTimeMS");
        if (clientVersion == null || !clientVersion.isDocument() || maxAwait == null || !maxAwait.isNumber()) {
            noteRoundTripMonitor(request);
            return reply(request, source);
        }
        long awaitMillis = Math.max(0, maxAwait.asNumber().longValue());
        long seen = counterSeen(clientVersion.asDocument());
        boolean exhaust = request instanceof OpMsg msg && msg.exhaustAllowed();
        if (!exhaust) {
            waitForChange(seen, awaitMillis);
            return reply(request, source);
        }
        Connection connection = request.connection();
        if (connection instanceof ServerConnection server) {
            server.setRole(ConnectionRole.MONITORING);
        }
        streaming.add(connection);
        try {
            while (true) {
                long now = waitForChange(seen, awaitMillis);
                if (now < 0) {
                    return true;
                }
                Response response = source.hello(request, version(now));
                if (!(response instanceof Reply reply)) {
                    return request.reply(response);
                }
                if (!request.sendMoreToCome(reply)) {
                    return true;
                }
                seen = now;
            }
        } finally {
            streaming.remove(connection);
        }
    }

    private boolean reply(Request request, HelloSource source) {
        long now;
        synchronized (lock) {
            now = counter;
        }
        return request.reply(source.hello(request, version(now)));
    }

    /** The counter the client's topologyVersion says it has seen; -1 when it is another process's. */
    private long counterSeen(BsonDocument clientVersion) {
        BsonValue pid = clientVersion.get("processId");
        BsonValue count = clientVersion.get("counter");
        if (pid == null || !pid.isObjectId() || !pid.asObjectId().getValue().equals(processId)
                || count == null || !count.isNumber()) {
            return -1;
        }
        return count.asNumber().longValue();
    }

    /**
     * Waits until the counter differs from {@code seen} or {@code millis} pass.
     *
     * @return the counter then, or -1 when the stream must end (closed, interrupted)
     */
    private long waitForChange(long seen, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (lock) {
            while (!closed && counter == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            return closed ? -1 : counter;
        }
    }

    /**
     * A plain hello after the handshake, on a connection whose client (same metadata) streams on
     * another connection, is the round-trip-time monitor's.
     */
    private void noteRoundTripMonitor(Request request) {
        if (!(request.connection() instanceof ServerConnection connection) || connection.handshake().isEmpty()
                || connection.handshake().get() == request.body()) {
            return;
        }
        BsonValue client = connection.handshake().get().get("client");
        if (client == null) {
            return;
        }
        synchronized (streaming) {
            for (Connection other : streaming) {
                if (other != connection && other.handshake().map(h -> client.equals(h.get("client"))).orElse(false)) {
                    connection.setRole(ConnectionRole.ROUND_TRIP_TIME);
                    return;
                }
            }
        }
    }
}
