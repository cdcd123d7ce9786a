package org.mockupdb.bench;

import com.mongodb.client.MongoClient;

/**
 * Figure 5's child JVM: starts a server of the kind named in {@code args[0]}, connects the
 * driver, pings, and prints {@value #DONE} once the ping is answered. The parent times the
 * whole, from launching the process to reading that line.
 */
public final class FirstPing {
    static final String DONE = "answered";

    private FirstPing() {
    }

    public static void main(String[] args) {
        Kind kind = Kind.valueOf(args[0]);
        BenchServer server = kind.create().start();
        try (MongoClient client = Clients.create(server.uri())) {
            Clients.ping(client);
            System.out.println(DONE);
            System.out.flush();
        } finally {
            server.stop();
        }
    }
}
