package org.mockupdb.junit5.internal;

import java.util.List;
import java.util.function.UnaryOperator;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupShardedCluster;
import org.mockupdb.Reply;

/**
 * The settings of one topology: its kind and shape, read from {@code @ReplicaSet} or
 * {@code @ShardedCluster}, and its members' server settings, read as a server's are. Equal
 * settings make equal configs.
 */
record TopologyConfig(Kind kind, String setName, int members, int arbiters, int mongoses, boolean loadBalanced,
                      ServerConfig server) {

    /** A replica set or a sharded cluster, and the types that stand for them. */
    enum Kind {
        REPLICA_SET(MockupReplicaSet.class),
        SHARDED_CLUSTER(MockupShardedCluster.class);

        private final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        Class<?> type() {
            return type;
        }

        /** {@code MockupReplicaSet} or {@code MockupShardedCluster}. */
        String typeName() {
            return type.getSimpleName();
        }

        /** The kind a parameter or field of this type asks for, or null. */
        static Kind of(Class<?> type) {
            for (Kind k : values()) {
                if (k.type == type) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A started topology with these settings. */
    Topology start(String origin) {
        UnaryOperator<MockupServer.Builder> options = b -> {
            b.verbose(server.verbose());
            if (server.tls()) {
                b.tls();
            }
            return b;
        };
        Object topology;
        List<MockupServer> servers;
        if (kind == Kind.REPLICA_SET) {
            MockupReplicaSet.Builder b = MockupReplicaSet.builder().setName(setName).members(members)
                    .arbiters(arbiters).requestTimeout(server.requestTimeout()).serverOptions(options);
            if (server.minWireVersion() != null) {
                b.minWireVersion(server.minWireVersion());
            }
            if (server.maxWireVersion() != null) {
                b.maxWireVersion(server.maxWireVersion());
            }
            MockupReplicaSet rs = b.build();
            servers = rs.members();
            topology = rs;
        } else {
            MockupShardedCluster.Builder b = MockupShardedCluster.builder().mongoses(mongoses)
                    .loadBalanced(loadBalanced).requestTimeout(server.requestTimeout()).serverOptions(options);
            if (server.minWireVersion() != null) {
                b.minWireVersion(server.minWireVersion());
            }
            if (server.maxWireVersion() != null) {
                b.maxWireVersion(server.maxWireVersion());
            }
            MockupShardedCluster cluster = b.build();
            servers = cluster.mongoses();
            topology = cluster;
        }
        // outermost first: a server consults the newest responder first, so the nearest wins
        for (MockupServer member : servers) {
            for (ServerConfig.AutoResponse response : server.autoResponses()) {
                member.autoResponds(response.commandName(), Reply.ok(response.reply()));
            }
        }
        Topology started = new Topology(topology, this, origin);
        started.start();
        return started;
    }

    @Override
    public String toString() {
        String shape = kind == Kind.REPLICA_SET
                ? "@ReplicaSet(members = " + members + ", setName = \"" + setName + "\", arbiters = " + arbiters + ")"
                : "@ShardedCluster(mongoses = " + mongoses + ", loadBalanced = " + loadBalanced + ")";
        return shape + ", " + server;
    }
}
