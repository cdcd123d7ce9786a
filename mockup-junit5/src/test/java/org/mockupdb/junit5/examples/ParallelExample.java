package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupDB;

/** Sixty tests, each with its own server and client, meant to run in parallel. */
@MockupDB
@Execution(ExecutionMode.CONCURRENT)
public class ParallelExample {
    public static final int TESTS = 60;
    public static final AtomicInteger RUNNING = new AtomicInteger();
    public static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    static java.util.stream.IntStream numbers() {
        return java.util.stream.IntStream.range(0, TESTS);
    }

    @ParameterizedTest
    @MethodSource("numbers")
    void countsItsOwnDocuments(int n, MockupServer server, MongoClient client) {
        MOST_AT_ONCE.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        try {
            Recorder.record("parallel", server);
            Outcome<Long> count = Go.go(() -> client.getDatabase("db").getCollection("c" + n).countDocuments());
            server.receives(Spec.command("aggregate", "c" + n))
                    .ok(new Document("cursor", new Document("id", 0L).append("ns", "db.c" + n)
                            .append("firstBatch", java.util.List.of(new Document("n", n)))));
            assertEquals(n, count.get());
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
