package org.mockupdb;

import java.time.Instant;
import java.util.Objects;

/**
 * A message from a client that broke the wire protocol (a bad length, invalid BSON, an unknown
 * opcode, a wrong checksum, a payload that does not decompress), or a responder that threw.
 * The server reports it on the next {@link MockupServer#receives()} and keeps serving.
 *
 * @param connection the connection it came on
 * @param message    what was wrong, in words
 * @param at         when the server saw it
 * @param cause      the exception behind it, or null
 */
public record ProtocolError(Connection connection, String message, Instant at, Throwable cause) {
    /**
     * An error; only the cause may be null.
     *
     * @param connection the connection it came on
     * @param message    what was wrong, in words
     * @param at         when the server saw it
     * @param cause      the exception behind it, or null
     * @throws NullPointerException when the connection, message or time is null
     */
    public ProtocolError {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        return "protocol error on connection " + connection.id()
                + connection.clientAddress().map(a -> " from " + a).orElse("") + ": " + message;
    }
}
