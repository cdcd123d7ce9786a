package org.mockupdb.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.mockupdb.FaultSweeper;
import org.mockupdb.MockupServer;

/**
 * Figure 8: a fault sweep's cost per run. The scenario: a fresh server and driver client, pings until
 * the client has sent {@code requests} application requests (the last is the {@code endSessions} of its
 * close), each ping's failure caught. A plain run of it, beside one run of a sweep with all four faults
 * (the whole sweep's time, the clean run and {@code requests} x 4 faulted runs, divided by their number).
 * The client gives up on a stalled reply after 100 ms and looks for its server again every 10 ms at
 * most, so that the figure is the sweep's own cost and the driver's, not the client's timeouts.
 */
final class SweepFigure {
    private static final int READ_TIMEOUT_MS = 100;

    private SweepFigure() {
    }

    /** Milliseconds: one plain run, or one run of a sweep (the mean over the sweep). */
    static double sample(Kind kind, int requests) {
        FaultSweeper.Scenario scenario = scenario(requests);
        long t0 = System.nanoTime();
        if (kind == Kind.SWEEP_PLAIN) {
            try (MockupServer server = new MockupServer().start()) {
                scenario.run(server);
            } catch (Exception e) {
                throw new IllegalStateException("the plain run failed: " + e, e);
            }
            return (System.nanoTime() - t0) / 1e6;
        }
        FaultSweeper.Report report = FaultSweeper.builder().deadline(Duration.ofSeconds(10)).build().run(scenario);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (!report.hangs().isEmpty() || report.clean().outcome() != FaultSweeper.Outcome.RETURNED
                || report.results().size() != 4 * requests) {
            throw new IllegalStateException("expected a sweep of " + requests + " requests x 4 faults without a hang, "
                    + "got:\n" + report.table());
        }
        return ms / (report.results().size() + 1);
    }

    private static FaultSweeper.Scenario scenario(int requests) {
        return server -> {
            server.autoResponds("ping");
            try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(server.uri()))
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                    .applyToServerSettings(b -> b.minHeartbeatFrequency(10, TimeUnit.MILLISECONDS))
                    .applyToSocketSettings(b -> b.readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .build())) {
                MongoDatabase db = client.getDatabase("db");
                for (int i = 1; i < requests; i++) {
                    try {
                        db.runCommand(new Document("ping", 1));
                    } catch (MongoException e) {
                        // a fault: the scenario carries on, as a test that tolerates it would
                    }
                }
            }
        };
    }
}
