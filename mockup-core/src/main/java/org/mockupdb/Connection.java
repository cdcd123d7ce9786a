package org.mockupdb;

import java.net.SocketAddress;
import java.util.Optional;
import org.bson.BsonDocument;

/** A client's connection to a {@link MockupServer}, as a request knows it. */
public interface Connection {

    /** {@return the connection's number, from 1 in the order the server accepted connections; also the hello's connectionId} */
    int id();

    /** {@return the client's end of the connection; empty for a request built without a socket} */
    Optional<SocketAddress> clientAddress();

    /** {@return the client's port, or -1 when the connection is not over TCP} */
    int clientPort();

    /** {@return whether the connection is still open} */
    boolean isOpen();

    /**
     * {@return the first hello or isMaster the client sent on this connection (its handshake, with the
     * client's metadata and application name), once it has sent one}
     */
    Optional<BsonDocument> handshake();

    /**
     * {@return the application name the client gave in its handshake ({@code client.application.name}),
     * once it has sent one that names it}
     */
    default Optional<String> appName() {
        return handshake().flatMap(h -> {
            var client = h.get("client");
            if (client == null || !client.isDocument()) {
                return Optional.empty();
            }
            var app = client.asDocument().get("application");
            if (app == null || !app.isDocument()) {
                return Optional.empty();
            }
            var name = app.asDocument().get("name");
            return name != null && name.isString() ? Optional.of(name.asString().getValue()) : Optional.empty();
        });
    }

    /**
     * {@return what the client uses this connection for, as its messages so far reveal it: {@link
     * ConnectionRole#UNKNOWN} until the message after the handshake}
     */
    default ConnectionRole role() {
        return ConnectionRole.UNKNOWN;
    }

    /** Closes the connection from the server's side, as {@link Request#hangUp()} does. */
    void hangUp();
}
