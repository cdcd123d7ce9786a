package org.mockupdb.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.connection.ServerMonitoringMode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Spec;

/**
 * Figure 7: topologies. 7a, how long the driver takes to notice a failover (from
 * {@code elect()} to the first write arriving at the new primary) when it streams hello, beside
 * the same failover when it polls (default heartbeat; its not-primary error makes it check at
 * once). 7b, a 3-member replica set's start + stop beside three single servers'.
 */
final class TopologyFigures implements AutoCloseable {
    private final Map<Kind, Failover> failovers = new EnumMap<>(Kind.class);

    /** One failover, alternating the primary between members 0 and 1; milliseconds. */
    double failover(Kind kind) {
        return failovers.computeIfAbsent(kind, k -> new Failover(k == Kind.FAILOVER_STREAMING)).sample();
    }

    /** The median of {@code count} start + stops of a 3-member set, or of three single servers; microseconds. */
    static double startStop(Kind kind, int count) {
        long[] each = new long[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            if (kind == Kind.SET_OF_THREE) {
                MockupReplicaSet.builder().members(3).start().stop();
            } else {
                MockupServer a = new MockupServer().start();
                MockupServer b = new MockupServer().start();
                MockupServer c = new MockupServer().start();
                a.stop();
                b.stop();
                c.stop();
            }
            each[i] = System.nanoTime() - t0;
        }
        return Bench.median(each) / 1_000.0;
    }

    @Override
    public void close() {
        failovers.values().forEach(Failover::close);
        failovers.clear();
    }

    /** A 2-member set whose members answer inserts as mongod would: ok on the primary, NotWritablePrimary elsewhere. */
    private static final class Failover {
        private final MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
        private final MongoClient client;
        private final MongoCollection<Document> collection;
        private final AtomicLong arrivedAtPrimary = new AtomicLong();
        private int primary;

        Failover(boolean streaming) {
            for (MockupServer member : rs.members()) {
                member.autoResponds(Spec.command("insert"), request -> {
                    if (rs.primary().orElse(null) == member) {
                        arrivedAtPrimary.compareAndSet(0, System.nanoTime());
                        return request.ok(new Document("n", 1));
                    }
                    return request.reply(Reply.notWritablePrimary());
                });
            }
            client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(rs.uri()))
                    .applyToClusterSettings(c -> c.serverSelectionTimeout(30, TimeUnit.SECONDS))
                    .applyToServerSettings(s -> s.serverMonitoringMode(
                            streaming ? ServerMonitoringMode.STREAM : ServerMonitoringMode.POLL))
                    .build());
            collection = client.getDatabase("db").getCollection("c");
            collection.insertOne(new Document());
        }

        double sample() {
            int next = 1 - primary;
            arrivedAtPrimary.set(0);
            long t0 = System.nanoTime();
            rs.elect(next);
            collection.insertOne(new Document());
            primary = next;
            return (arrivedAtPrimary.get() - t0) / 1e6;
        }

        void close() {
            client.close();
            rs.stop();
        }
    }
}
