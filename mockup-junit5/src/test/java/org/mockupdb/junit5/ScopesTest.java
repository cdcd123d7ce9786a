package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.Recorder;
import org.mockupdb.junit5.examples.ScopesExample;

class ScopesTest {

    @Test
    void methodParametersShareOneServerPerTestAndClassParametersOnePerClass() {
        EngineExecutionResults results = Kit.run(ScopesExample.class);
        Kit.assertAllSucceeded(results, 3);

        List<MockupServer> classLevel = new java.util.ArrayList<>();
        classLevel.addAll(Recorder.seen("beforeAll"));
        classLevel.addAll(Recorder.seen("constructor"));
        classLevel.addAll(Recorder.seen("afterAll"));
        assertEquals(1 + 3 + 1, classLevel.size(), "beforeAll, three constructions (one per test), afterAll");
        assertEquals(1, identities(classLevel).size(), "one server for the class: " + classLevel);

        Set<MockupServer> perTest = identities(List.of());
        for (String test : List.of("first(MockupServer, TestInfo)", "second(MockupServer, TestInfo)",
                "named(MockupServer, MockupServer, MockupServer, MockupServer, TestInfo)")) {
            MockupServer server = single(Recorder.seen("test:" + test));
            assertSame(server, single(Recorder.seen("beforeEach:" + test)), "@BeforeEach of " + test);
            assertSame(server, single(Recorder.seen("afterEach:" + test)), "@AfterEach of " + test);
            assertNotSame(classLevel.get(0), server);
            perTest.add(server);
        }
        assertEquals(3, perTest.size(), "a new server for each test");

        MockupServer primary = single(Recorder.seen("named:primary"));
        MockupServer secondary = single(Recorder.seen("named:secondary"));
        assertNotSame(primary, secondary);
        assertEquals(1 + 3 + 2, identities(Recorder.all()).size(), "the class's, one per test, two more named");
        Set<Integer> portsAtOnce = new HashSet<>(List.of(classLevel.get(0).port(), primary.port(), secondary.port(),
                single(Recorder.seen("test:named(MockupServer, MockupServer, MockupServer, MockupServer, TestInfo)"))
                        .port()));
        assertEquals(4, portsAtOnce.size(), "servers running at the same time have their own ports");
        Kit.assertNothingLeft();
    }

    private static Set<MockupServer> identities(List<MockupServer> servers) {
        Set<MockupServer> set = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(servers);
        return set;
    }

    private static MockupServer single(List<MockupServer> servers) {
        assertEquals(1, servers.size(), "expected one server, got " + servers);
        return servers.get(0);
    }
}
