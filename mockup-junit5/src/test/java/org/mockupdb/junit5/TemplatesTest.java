package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.Recorder;
import org.mockupdb.junit5.examples.TemplatesExample;

class TemplatesTest {

    @Test
    void eachWireVersionIsOneNamedRunWithAServerOfThatVersion() {
        EngineExecutionResults results = Kit.run(TemplatesExample.class);
        // 4 listed + 3 in the range + 3 releases + 3 in the release range + 3 parameterized
        Kit.assertAllSucceeded(results, 16);

        assertEquals(List.of("maxWireVersion=6", "maxWireVersion=7", "maxWireVersion=8", "maxWireVersion=25"),
                runsOf(results, "listed(MockupServer, MongoClient, TestInfo)"));
        assertEquals(List.of("maxWireVersion=7", "maxWireVersion=8", "maxWireVersion=9"),
                runsOf(results, "range(MongoClient, TestInfo)"));
        assertEquals(List.of("maxWireVersion=6 (MongoDB 3.6)", "maxWireVersion=8 (MongoDB 4.2)",
                        "maxWireVersion=25 (MongoDB 8.0)"),
                runsOf(results, "releases(MongoClient, TestInfo)"));
        assertEquals(List.of("maxWireVersion=13 (MongoDB 5.0)", "maxWireVersion=17 (MongoDB 6.0)",
                        "maxWireVersion=21 (MongoDB 7.0)"),
                runsOf(results, "releaseRange(MongoClient, TestInfo)"));

        assertEquals(4, distinct(Recorder.seen("listed")).size(), "a server per run");
        assertEquals(3, distinct(Recorder.seen("parameterized")).size(), "a server per parameterized invocation");
        Kit.assertNothingLeft();
    }

    /** The display names of the runs of one template, in order. */
    private static List<String> runsOf(EngineExecutionResults results, String template) {
        return results.testEvents().finished().stream()
                .map(Event::getTestDescriptor)
                .filter(d -> d.getParent().map(p -> p.getDisplayName().equals(template)).orElse(false))
                .map(d -> d.getDisplayName())
                .toList();
    }

    private static Set<MockupServer> distinct(List<MockupServer> servers) {
        Set<MockupServer> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(servers);
        return set;
    }
}
