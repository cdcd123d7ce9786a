package org.mockupdb;

import java.time.Instant;
import org.mockupdb.internal.wire.Compressor;

/**
 * Where a request came from and where its reply goes: what a {@link Request} knows beyond its
 * message. A request built without a socket has a detached arrival that records its reply.
 *
 * @param requestId  the header's request id
 * @param compressor the OP_COMPRESSED compressor it came in, or null
 * @param connection the connection it came on
 * @param channel    where its reply goes
 * @param server     the server that received it, or null for a request built by hand
 * @param receivedAt when it was read
 * @param authenticatedUser whom its connection had authenticated as when it was read, or null
 */
record Arrival(int requestId, Compressor compressor, Connection connection, ReplyChannel channel,
               MockupServer server, Instant receivedAt, AuthenticatedUser authenticatedUser) {

    /** An arrival on a connection that has not authenticated. */
    Arrival(int requestId, Compressor compressor, Connection connection, ReplyChannel channel,
            MockupServer server, Instant receivedAt) {
        this(requestId, compressor, connection, channel, server, receivedAt, null);
    }

    /** A request built by a test, with no socket behind it: its replies are only recorded. */
    static Arrival detached(int requestId) {
        return new Arrival(requestId, null, DetachedConnection.INSTANCE, ReplyChannel.DETACHED, null, Instant.now());
    }
}
