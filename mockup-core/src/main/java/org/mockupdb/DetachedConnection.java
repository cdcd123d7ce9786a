package org.mockupdb;

import java.net.SocketAddress;
import java.util.Optional;
import org.bson.BsonDocument;

/** The connection of a request built without a socket. */
enum DetachedConnection implements Connection {
    INSTANCE;

    @Override
    public int id() {
        return 0;
    }

    @Override
    public Optional<SocketAddress> clientAddress() {
        return Optional.empty();
    }

    @Override
    public int clientPort() {
        return -1;
    }

    @Override
    public boolean isOpen() {
        return false;
    }

    @Override
    public Optional<BsonDocument> handshake() {
        return Optional.empty();
    }

    @Override
    public void hangUp() {
    }

    @Override
    public String toString() {
        return "connection 0 (a request built without a socket)";
    }
}
