package org.mockupdb.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;

/** The servers measured side by side. */
enum Kind {
    /** The limit: {@link BaselineServer}, a precomputed reply per frame. */
    BASELINE("baseline"),
    /** The baseline once more, measured as if it were another server: its ratio is the machine's noise. */
    BASELINE_AGAIN("baseline, again (noise)"),
    /** mongo-java-server with its memory backend. */
    PEER("peer: mongo-java-server"),
    /** MockupServer, automatic hello, {@code autoResponds("ping")}. */
    OURS("ours: autoresponded"),
    /** MockupServer, automatic hello; the test thread answers each ping with {@code receives().ok()}. */
    OURS_SCRIPTED("ours: scripted"),
    /** MockupServer as {@link #OURS}, built with {@code journalLimit(1000)}, as the standalone server is (10,000). */
    OURS_BOUNDED("ours: journalLimit(1000)"),
    /** Figure 7a: a replica set failover noticed by a driver that streams hello. Not a server of its own. */
    FAILOVER_STREAMING("ours: replica set, driver streams hello"),
    /** Figure 7a: the same failover noticed by a driver that polls (ServerMonitoringMode.POLL). */
    FAILOVER_POLLING("ours: replica set, driver polls hello"),
    /** Figure 7b: a 3-member MockupReplicaSet. */
    SET_OF_THREE("ours: 3-member replica set"),
    /** Figure 7b: three single MockupServers. */
    THREE_SERVERS("ours: 3 single servers"),
    /** Figure 8: a plain run of the sweep's scenario (fresh server and client, pings). */
    SWEEP_PLAIN("ours: plain run"),
    /** Figure 8: one run of a fault sweep of the same scenario, all four faults (the sweep's mean). */
    SWEEP_RUN("ours: fault sweep, per run");

    static final Spec PING = Spec.command("ping");

    final String label;

    Kind(String label) {
        this.label = label;
    }

    boolean isBaseline() {
        return this == BASELINE || this == BASELINE_AGAIN;
    }

    boolean scripted() {
        return this == OURS_SCRIPTED;
    }

    /** A new server of this kind, not started. */
    BenchServer create() {
        return switch (this) {
            case BASELINE, BASELINE_AGAIN -> new BaselineServer();
            case PEER -> new Peer();
            case OURS -> new Ours(MockupServer.builder().build(), true);
            case OURS_SCRIPTED -> new Ours(MockupServer.builder().build(), false);
            case OURS_BOUNDED -> new Ours(MockupServer.builder().journalLimit(1000).build(), true);
            case FAILOVER_STREAMING, FAILOVER_POLLING, SET_OF_THREE, THREE_SERVERS, SWEEP_PLAIN, SWEEP_RUN ->
                    throw new UnsupportedOperationException(label + " is a topology figure's row, not a server");
        };
    }

    /** MockupServer as a test would use it. */
    static final class Ours implements BenchServer {
        final MockupServer server;

        Ours(MockupServer server, boolean autoPing) {
            this.server = server;
            if (autoPing) {
                server.autoResponds("ping");
            }
        }

        @Override
        public BenchServer start() {
            server.start();
            return this;
        }

        @Override
        public String uri() {
            return server.uri();
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    /** mongo-java-server, in memory, on the loopback address. */
    static final class Peer implements BenchServer {
        private final MongoServer server = new MongoServer(new MemoryBackend());

        @Override
        public BenchServer start() {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return this;
        }

        @Override
        public String uri() {
            return "mongodb://localhost:" + server.getLocalAddress().getPort();
        }

        @Override
        public void stop() {
            server.shutdownNow();
        }
    }
}
