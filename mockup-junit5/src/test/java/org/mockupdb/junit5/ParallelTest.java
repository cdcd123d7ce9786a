package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.ParallelExample;
import org.mockupdb.junit5.examples.Recorder;

class ParallelTest {

    @Test
    void sixtyTestsWithTheirOwnServersAndClientsRunConcurrently() {
        ParallelExample.MOST_AT_ONCE.set(0);
        EngineExecutionResults results = Kit.run(ParallelExample.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8"));
        Kit.assertAllSucceeded(results, ParallelExample.TESTS);
        assertTrue(ParallelExample.MOST_AT_ONCE.get() > 1,
                "expected tests to overlap, but at most " + ParallelExample.MOST_AT_ONCE.get() + " ran at once");
        Set<MockupServer> servers = Collections.newSetFromMap(new IdentityHashMap<>());
        servers.addAll(Recorder.seen("parallel"));
        assertEquals(ParallelExample.TESTS, servers.size(), "a server per test");
        Kit.assertNothingLeft();
    }
}
