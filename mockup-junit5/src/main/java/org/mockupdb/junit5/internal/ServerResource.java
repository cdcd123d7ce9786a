package org.mockupdb.junit5.internal;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockupdb.MockupServer;

/**
 * A server in an extension context's store, with the clients connected to it: closing it closes
 * the clients first, then stops the server. Closing twice does nothing.
 */
@SuppressWarnings("deprecation") // CloseableResource keeps JUnit before 5.13 closing it too
final class ServerResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final String name;
    private final MockupServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Object client;
    private boolean closed;

    ServerResource(String name, MockupServer server) {
        this.name = name;
        this.server = server;
    }

    MockupServer server() {
        return server;
    }

    /** The driver client connected to this server, made on first use. */
    synchronized Object client() {
        if (client == null) {
            AutoCloseable created = DriverClients.connect(server);
            clients.add(created);
            client = created;
        }
        return client;
    }

    String describe() {
        return "MockupDB server" + (name.isEmpty() ? "" : " \"" + name + "\"")
                + (server.isRunning() ? " at " + server.address() : "");
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(clients);
        }
        try {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    // a client that fails to close must not keep the server running
                }
            }
        } finally {
            server.stop();
        }
    }
}
