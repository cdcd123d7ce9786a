package org.mockupdb.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.bson.Document;
import org.mockupdb.MockupServer;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * What the scripted hand-off costs: from the connection thread reading a ping to the test's
 * {@code receives()} returning it (one thread wake-up), and from {@code ok()} to the reply written.
 * {@code java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" org.mockupdb.bench.Handoff 20000}
 */
public final class Handoff {
    private Handoff() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the number of pings measured, after 2,000 unmeasured ones
     * @throws InterruptedException when interrupted while the client finishes
     */
    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        try (MockupServer server = new MockupServer().start();
             MongoClient client = MongoClients.create(server.uri())) {
            MongoDatabase admin = client.getDatabase("admin");
            Thread pinger = new Thread(() -> {
                for (int i = 0; i < n + 2000; i++) {
                    admin.runCommand(new Document("ping", 1));
                }
            });
            pinger.start();
            long[] wake = new long[n];
            long[] reply = new long[n];
            Spec ping = Spec.command("ping");
            for (int i = 0; i < n + 2000; i++) {
                Request r = server.receives(ping);
                Instant got = Instant.now();
                r.ok();
                Instant sent = Instant.now();
                if (i >= 2000) {
                    wake[i - 2000] = Duration.between(r.receivedAt(), got).toNanos() / 1000;
                    reply[i - 2000] = Duration.between(got, sent).toNanos() / 1000;
                }
            }
            pinger.join();
            Arrays.sort(wake);
            Arrays.sort(reply);
            System.out.printf("hand-off (read -> receives returns): median %d us, p90 %d us; reply (ok() -> written): median %d us, p90 %d us%n",
                    wake[n / 2], wake[n * 9 / 10], reply[n / 2], reply[n * 9 / 10]);
        }
    }
}
