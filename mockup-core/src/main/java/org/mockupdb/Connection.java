package org.mockupdb;

import java.net.SocketAddress;

/** A client's connection to a {@link MockupServer}, as a request knows it. */
public interface Connection {

    /** Numbered from 1 in the order the server accepted connections; also the hello's connectionId. */
    int id();

    /** The client's end of the connection. */
    SocketAddress clientAddress();

    /** The client's port, or -1 when the connection is not over TCP. */
    int clientPort();

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection from the server's side, as {@link Request#hangUp()} does. */
    void hangUp();
}
