package org.mockupdb.junit5.internal;

import java.time.Duration;
import java.util.List;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupShardedCluster;

/**
 * A started {@link MockupReplicaSet} or {@link MockupShardedCluster} of a scope, the configuration and
 * the parameter or field it was made for, and what was reported of its members' leftovers.
 */
final class Topology implements AutoCloseable {
    private final Object value;
    private final TopologyConfig config;
    private final String origin;
    private final Leftovers leftovers = new Leftovers();

    Topology(Object value, TopologyConfig config, String origin) {
        this.value = value;
        this.config = config;
        this.origin = origin;
    }

    void start() {
        if (value instanceof MockupReplicaSet rs) {
            rs.start();
        } else {
            ((MockupShardedCluster) value).start();
        }
    }

    /** The {@link MockupReplicaSet} or {@link MockupShardedCluster}. */
    Object value() {
        return value;
    }

    TopologyConfig config() {
        return config;
    }

    String origin() {
        return origin;
    }

    /** Its members or mongoses now, in order. */
    List<MockupServer> servers() {
        return value instanceof MockupReplicaSet rs ? rs.members() : ((MockupShardedCluster) value).mongoses();
    }

    /** The URI a client connects with: every member a seed. */
    String uri() {
        return value instanceof MockupReplicaSet rs ? rs.uri() : ((MockupShardedCluster) value).uri();
    }

    String transcript() {
        return value instanceof MockupReplicaSet rs ? rs.transcript() : ((MockupShardedCluster) value).transcript();
    }

    Duration requestTimeout() {
        return config.server().requestTimeout();
    }

    boolean isTls() {
        return config.server().tls();
    }

    /** Every member's leftovers not reported before, together. */
    Leftovers.Found takeLeftovers() {
        List<org.mockupdb.Request> requests = new java.util.ArrayList<>();
        List<org.mockupdb.ProtocolError> errors = new java.util.ArrayList<>();
        for (MockupServer server : servers()) {
            Leftovers.Found found = leftovers.take(server);
            requests.addAll(found.requests());
            errors.addAll(found.errors());
        }
        return new Leftovers.Found(List.copyOf(requests), List.copyOf(errors));
    }

    /** For reports: {@code MockupReplicaSet "name" "rs" at localhost:1,localhost:2 (made for ...)}. */
    String title(String name) {
        StringBuilder addresses = new StringBuilder();
        for (MockupServer server : servers()) {
            addresses.append(addresses.length() == 0 ? "" : ",")
                    .append(server.isRunning() ? server.address() : "(not running)");
        }
        String kind = config.kind().typeName()
                + (config.kind() == TopologyConfig.Kind.REPLICA_SET ? " \"" + config.setName() + "\"" : "");
        return kind + (name.isEmpty() ? "" : " named \"" + name + "\"") + " at " + addresses + " (made for " + origin
                + ")";
    }

    @Override
    public void close() {
        if (value instanceof MockupReplicaSet rs) {
            rs.close();
        } else {
            ((MockupShardedCluster) value).close();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
