package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockupdb.junit5.LeftoversTest.assertContainsInOrder;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.examples.Recorder;
import org.mockupdb.junit5.examples.TopologiesExample;
import org.mockupdb.junit5.examples.TopologyFieldsExample;
import org.mockupdb.junit5.internal.ServerConversation;

/** MockupReplicaSet and MockupShardedCluster parameters and fields, and clients connected to them. */
class TopologiesTest {

    @Test
    void topologiesAreInjectedConnectedReportedAndStopped() {
        EngineExecutionResults results = Kit.run(TopologiesExample.class);
        for (String passing : List.of("replicaSetAndClient(MockupReplicaSet, MongoClient)",
                "clusterAndClient(MockupShardedCluster, MongoClient)",
                "clientAloneConnectsToTheAnnotatedSet(MongoClient)",
                "loadBalanced(MockupShardedCluster, MongoClient)",
                "namedTopologiesBesideAServer(MockupReplicaSet, MockupReplicaSet, MockupServer, MongoClient)",
                "stepDownAndElect(MockupReplicaSet, MongoClient)",
                "aServerBesideTheClientWins(MockupServer, MongoClient)")) {
            assertEquals(TestExecutionResult.Status.SUCCESSFUL, Kit.finished(results, passing)
                    .getPayload(TestExecutionResult.class).orElseThrow().getStatus(), passing + ": "
                    + Kit.failures(results));
        }
        assertEquals(3, Recorder.seen("rs").size(), "two members and an arbiter");
        assertEquals(3, Recorder.seen("cluster").size());
        assertEquals(7, Recorder.seen("named").size(), "two sets of three and a server");

        Throwable failure = Kit.failureOf(results, "failsWithEveryMembersConversation(MockupReplicaSet, MongoClient)");
        assertEquals("on purpose, after a ping", failure.getMessage());
        List<String> conversations = Arrays.stream(failure.getSuppressed())
                .filter(s -> s instanceof ServerConversation).map(Throwable::getMessage).toList();
        assertEquals(1, conversations.size(), conversations::toString);
        List<MockupServer> members = Recorder.seen("failing");
        assertContainsInOrder(conversations.get(0), "conversation of MockupReplicaSet \"rs\" at "
                        + members.get(0).address() + "," + members.get(1).address() + "," + members.get(2).address(),
                "(made for parameter 0 (MockupReplicaSet", "== member 0", "== member 1", "== member 2");
        assertTrue(conversations.get(0).contains("\"ping\": 1"), conversations.get(0));

        String leftover = Kit.failureOf(results, "leavesAnInsert(MockupReplicaSet, MongoClient)").getMessage();
        assertContainsInOrder(leftover, "expected the test to take every request and see every error of "
                        + "MockupReplicaSet \"rs\" at ", "but it left 1 request it never received",
                "never received: ", "\"insert\": \"orders\"", "conversation of MockupReplicaSet \"rs\"",
                "== member 0");

        String wrong = Kit.failureOf(results, "wrongAnnotation(MockupReplicaSet)").getMessage();
        assertTrue(wrong.contains("@ShardedCluster on parameter 0 (MockupReplicaSet")
                && wrong.contains("expected @ReplicaSet on a MockupReplicaSet"), wrong);

        String onServer = Kit.failureOf(results, "onAServer(MockupServer)").getMessage();
        assertTrue(onServer.contains("@ReplicaSet on parameter 0 (MockupServer")
                && onServer.contains("expected it on a MockupReplicaSet or a MongoClient, not on a MockupServer"),
                onServer);

        assertEquals(6, Recorder.seen("template").size(), "a set of three per run");
        assertEquals(9, results.testEvents().succeeded().count(), Kit.failures(results));
        assertEquals(4, results.testEvents().failed().count(), Kit.failures(results));
        Kit.assertNothingLeft();
    }

    @Test
    void topologyFieldsServeTheClassOrEachTest() {
        EngineExecutionResults results = Kit.run(TopologyFieldsExample.class);
        Kit.assertAllSucceeded(results, 2);
        assertEquals(4, Recorder.seen("fields:test").size(), "a set of two per test");
        assertEquals(2, Recorder.seen("fields:class").size(), "the class's two mongoses");
        assertFalse(Recorder.seen("fields:class").get(0).isRunning(), "stopped after the class");
        Kit.assertNothingLeft();
    }

    @Test
    void aClientOfBeforeEachConnectsToWhatTheTestAsksFor() {
        EngineExecutionResults results = Kit.run(org.mockupdb.junit5.examples.TopologyBeforeEachExample.class);
        Kit.assertAllSucceeded(results, 2);
        assertEquals(3, Recorder.seen("before-each").size(), "a set of two and a server");
        Kit.assertNothingLeft();
    }
}
