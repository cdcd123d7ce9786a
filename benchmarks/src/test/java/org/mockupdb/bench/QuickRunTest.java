package org.mockupdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks are not tests: this only proves that the harness builds and runs every figure
 * once, with tiny counts, and that every row it should make is there with a real figure.
 */
class QuickRunTest {
    @Test
    void everyFigureRunsOnceAndMakesEveryRow() {
        Table table = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new Bench(Options.tiny()).run());

        Map<String, List<Kind>> expected = Map.ofEntries(
                Map.entry(Bench.START_STOP, Bench.UNSCRIPTED),
                Map.entry(Bench.STOP_AFTER_CLIENT, Bench.UNSCRIPTED),
                Map.entry(Bench.CYCLE, Bench.ALL),
                Map.entry(Bench.CYCLE_WARM, Bench.ALL),
                Map.entry(Bench.JUNIT, Bench.UNSCRIPTED),
                Map.entry(Bench.PING_1, Bench.ALL),
                Map.entry(Bench.PING_8, Bench.ALL),
                Map.entry(Bench.FRESH_JVM, Bench.UNSCRIPTED),
                Map.entry(Bench.IDLE_THREADS, Bench.MEMORY),
                Map.entry(Bench.IDLE_HEAP, Bench.MEMORY),
                Map.entry(Bench.CONN_THREADS, Bench.MEMORY),
                Map.entry(Bench.CONN_HEAP, Bench.MEMORY),
                Map.entry(Bench.RETAINED, Bench.MEMORY),
                Map.entry(Bench.THREAD_GROWTH, Bench.MEMORY),
                Map.entry(Bench.FAILOVER, List.of(Kind.FAILOVER_STREAMING, Kind.FAILOVER_POLLING)),
                Map.entry(Bench.TOPOLOGY_START_STOP, List.of(Kind.SET_OF_THREE, Kind.THREE_SERVERS)),
                Map.entry(Bench.SWEEP, List.of(Kind.SWEEP_PLAIN, Kind.SWEEP_RUN)));
        int count = 0;
        for (Map.Entry<String, List<Kind>> figure : expected.entrySet()) {
            for (Kind kind : figure.getValue()) {
                Row row = table.find(figure.getKey(), kind);
                assertNotNull(row, "expected a row for " + figure.getKey() + " / " + kind.label);
                assertTrue(!row.samples.isEmpty(), figure.getKey() + " / " + kind.label);
                double median = row.median();
                if (row.better == Row.Better.LOWER || row.better == Row.Better.HIGHER) {
                    assertTrue(median > 0, "expected a positive figure for " + figure.getKey() + " / "
                            + kind.label + ", got " + median);
                } else {
                    // memory and thread counts are differences: they may be zero, never unmeasured
                    assertTrue(Double.isFinite(median), figure.getKey() + " / " + kind.label + ": " + median);
                }
                count++;
            }
        }
        assertEquals(count, table.rows().size(), "rows beyond those expected:\n" + table.render(false));
        String text = table.render(false);
        assertTrue(text.contains(Kind.PEER.label) && text.contains("x baseline"), text);
        assertTrue(table.render(true).startsWith("| figure |"), "markdown table");
    }
}
