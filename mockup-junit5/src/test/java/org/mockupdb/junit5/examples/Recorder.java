package org.mockupdb.junit5.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.mockupdb.MockupServer;

/**
 * What the example classes saw, for the engine-test-kit tests that run them to check. The
 * examples are named {@code *Example} so that Surefire does not run them on their own.
 */
public final class Recorder {
    private static final Map<String, List<MockupServer>> SEEN = new ConcurrentHashMap<>();
    private static final List<MockupServer> ALL = new CopyOnWriteArrayList<>();

    private Recorder() {
    }

    public static void reset() {
        SEEN.clear();
        ALL.clear();
    }

    public static void record(String key, MockupServer server) {
        SEEN.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(server);
        ALL.add(server);
    }

    public static List<MockupServer> seen(String key) {
        return SEEN.getOrDefault(key, List.of());
    }

    public static Map<String, List<MockupServer>> seen() {
        return Map.copyOf(SEEN);
    }

    public static List<MockupServer> all() {
        return new ArrayList<>(ALL);
    }

    /** The maxWireVersion the driver saw in the server's hello, after making it talk to the server. */
    public static int maxWireVersionSeenByDriver(MongoClient client) {
        try {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        } catch (com.mongodb.MongoIncompatibleDriverException expectedBelowTheDriversMinimum) {
            // the cluster description still holds what the server said
        }
        return client.getClusterDescription().getServerDescriptions().get(0).getMaxWireVersion();
    }
}
