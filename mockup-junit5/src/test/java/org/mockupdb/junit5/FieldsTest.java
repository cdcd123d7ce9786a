package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.ConfigParametersExample;
import org.mockupdb.junit5.examples.FieldsExample;
import org.mockupdb.junit5.examples.Recorder;

class FieldsTest {

    @Test
    void staticFieldsServeTheClassInstanceFieldsEachTest() {
        EngineExecutionResults results = Kit.run(FieldsExample.class);
        Kit.assertAllSucceeded(results, 5);
        List<MockupServer> perTest = Recorder.seen().entrySet().stream()
                .filter(e -> e.getKey().startsWith("fields:test:")).flatMap(e -> e.getValue().stream()).toList();
        Set<MockupServer> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(perTest);
        assertEquals(5, distinct.size(), "a server per test: " + Recorder.seen().keySet());
        assertEquals(1, Recorder.seen("fields:class").size());
        assertTrue(!distinct.contains(Recorder.seen("fields:class").get(0)));
        Kit.assertNothingLeft();
    }

    @Test
    void configurationParametersGiveDefaultsThatAnnotationsOverride() {
        EngineExecutionResults results = Kit.run(ConfigParametersExample.class, Map.of(
                MockupDB.REQUEST_TIMEOUT, "1500ms", MockupDB.VERBOSE, "false"));
        Kit.assertAllSucceeded(results, 3);
        Kit.assertNothingLeft();
    }

    @Test
    void aBadConfigurationParameterFailsNamingIt() {
        EngineExecutionResults results = Kit.run(ConfigParametersExample.class, Map.of(MockupDB.VERBOSE, "yes"));
        String message = Kit.failureOf(results, "fromTheParameter(MockupServer)").getMessage();
        assertTrue(message.contains("configuration parameter mockupdb.verbose: expected true or false, got \"yes\""),
                message);
        results = Kit.run(ConfigParametersExample.class, Map.of(MockupDB.REQUEST_TIMEOUT, "soon"));
        message = Kit.failureOf(results, "fromTheParameter(MockupServer)").getMessage();
        assertTrue(message.contains("configuration parameter mockupdb.requestTimeout: expected it to be a duration")
                && message.contains("\"soon\""), message);
        Kit.assertNothingLeft();
    }
}
