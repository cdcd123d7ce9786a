package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.ProgrammaticExample;
import org.mockupdb.junit5.examples.Recorder;

class ProgrammaticTest {

    @Test
    void registerExtensionReachesEveryBuilderSettingAndKeepsTheLifecycle() {
        EngineExecutionResults results = Kit.run(ProgrammaticExample.class);
        assertEquals(3, results.testEvents().succeeded().count(), Kit.failures(results));
        String leftover = Kit.failureOf(results, "leftoversFailTheTest()").getMessage();
        assertTrue(leftover.contains("made by MockupServerExtension") && leftover.contains("\"find\": \"c\"")
                && leftover.contains("MockupServerExtension.builder().failOnUnhandled(false)"), leftover);
        Set<MockupServer> perTest = Collections.newSetFromMap(new IdentityHashMap<>());
        perTest.addAll(Recorder.seen("programmatic:perTest"));
        assertEquals(2, perTest.size(), "a server per test for the instance field");
        for (MockupServer s : Recorder.seen("programmatic")) {
            assertTrue(!s.isRunning(), "the class's server stopped after the class");
        }
        for (MockupServer s : perTest) {
            assertTrue(!s.isRunning(), "each test's server stopped after the test");
        }
        Kit.assertNothingLeft();
    }
}
