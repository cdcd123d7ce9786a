package org.mockupdb.junit5.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockupdb.MockupServer;

/**
 * The servers and clients of one scope (a test, or a class), kept in that scope's
 * {@link ExtensionContext.Store}: when JUnit closes the store at the end of the scope, the
 * clients close first, then the servers stop, whatever happened in the test.
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit 5 closes these; JUnit 6 closes AutoCloseable
final class ServerScope implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    /** A server, the configuration and the parameter or field it was made for, and what was reported of it. */
    record Started(MockupServer server, ServerConfig config, String origin, Leftovers leftovers) {
        Started(MockupServer server, ServerConfig config, String origin) {
            this(server, config, origin, new Leftovers());
        }
    }

    /** A client, the configuration and the parameter or field it was made for. */
    record Client(AutoCloseable client, ClientConfig config, String origin) {
    }

    private final String description;
    private final Map<String, Started> servers = new LinkedHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();
    /** Replica sets and sharded clusters, by name: a name of their own, beside the servers'. */
    private final Map<String, Topology> topologies = new LinkedHashMap<>();
    private final Map<String, Client> topologyClients = new LinkedHashMap<>();
    private boolean closed;

    ServerScope(String description) {
        this.description = description;
    }

    synchronized Started server(String name, Supplier<Started> start) {
        checkOpen();
        Started started = servers.get(name);
        if (started == null) {
            started = start.get();
            servers.put(name, started);
        }
        return started;
    }

    /**
     * The client of the server named {@code name}, made by {@code connect} for the first who asks;
     * a later one must ask with the same configuration.
     */
    synchronized AutoCloseable client(String name, ClientConfig config, String origin,
                                      BiFunction<Started, ClientConfig, AutoCloseable> connect, Supplier<Started> start) {
        checkOpen();
        Client client = clients.get(name);
        if (client == null) {
            client = new Client(connect.apply(server(name, start), config), config, origin);
            clients.put(name, client);
        } else if (!client.config().equals(config)) {
            throw new ExtensionConfigurationException("expected " + origin + " to share the MongoClient of the server "
                    + "named \"" + name + "\" made for " + client.origin() + " with " + client.config()
                    + ", but its @ClientSettings and @User ask for " + config
                    + "; configure the method or class instead, or give the servers different @ServerName");
        }
        return client.client();
    }

    synchronized Map<String, Client> clients() {
        return new LinkedHashMap<>(clients);
    }

    synchronized Map<String, Started> servers() {
        return new LinkedHashMap<>(servers);
    }

    /** The topology named {@code name} (of any kind), if one was made in this scope. */
    synchronized Topology topology(String name) {
        return topologies.get(name);
    }

    /** The topology named {@code name}, made by {@code start} for the first who asks. */
    synchronized Topology topology(String name, Supplier<Topology> start) {
        checkOpen();
        Topology topology = topologies.get(name);
        if (topology == null) {
            topology = start.get();
            topologies.put(name, topology);
        }
        return topology;
    }

    /**
     * The client of the topology named {@code name}, made by {@code connect} for the first who asks;
     * a later one must ask with the same configuration.
     */
    synchronized AutoCloseable topologyClient(String name, ClientConfig config, String origin,
                                              BiFunction<Topology, ClientConfig, AutoCloseable> connect,
                                              Supplier<Topology> start) {
        checkOpen();
        Client client = topologyClients.get(name);
        if (client == null) {
            client = new Client(connect.apply(topology(name, start), config), config, origin);
            topologyClients.put(name, client);
        } else if (!client.config().equals(config)) {
            throw new ExtensionConfigurationException("expected " + origin + " to share the MongoClient of the "
                    + "topology named \"" + name + "\" made for " + client.origin() + " with " + client.config()
                    + ", but its @ClientSettings ask for " + config
                    + "; configure the method or class instead, or give the topologies different @ServerName");
        }
        return client.client();
    }

    synchronized Map<String, Topology> topologies() {
        return new LinkedHashMap<>(topologies);
    }

    /** The clients of servers and of topologies. */
    synchronized List<Client> allClients() {
        List<Client> all = new ArrayList<>(clients.values());
        all.addAll(topologyClients.values());
        return all;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("expected the scope of " + description
                    + " to be open, but its servers were already stopped");
        }
    }

    /** Closes the clients, then stops the servers, then the topologies, newest first; idempotent. */
    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            List<AutoCloseable> clientList = new ArrayList<>(clients.values().stream().map(Client::client).toList());
            clientList.addAll(topologyClients.values().stream().map(Client::client).toList());
            Collections.reverse(clientList);
            toClose.addAll(clientList);
            List<Started> serverList = new ArrayList<>(servers.values());
            Collections.reverse(serverList);
            serverList.forEach(s -> toClose.add(s.server()));
            List<Topology> topologyList = new ArrayList<>(topologies.values());
            Collections.reverse(topologyList);
            toClose.addAll(topologyList);
        }
        RuntimeException failure = null;
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("expected to close " + resource + " at the end of "
                            + description + ", but it threw " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "servers of " + description;
    }
}
