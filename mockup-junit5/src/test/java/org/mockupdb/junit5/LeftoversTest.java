package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.junit5.examples.LeftoversExample;
import org.mockupdb.junit5.internal.ServerConversation;

/** A request the test never took, or an error no receives() reported, fails a test that passed. */
class LeftoversTest {

    @Test
    void leftoversFailATestThatPassedWithTheConversation() {
        EngineExecutionResults results = Kit.run(LeftoversExample.class);

        String find = Kit.failureOf(results, "leavesAFind(MockupServer, MongoClient)").getMessage();
        String first = find.lines().findFirst().orElse("");
        assertTrue(first.startsWith("expected the test to take every request and see every error of MockupServer at "
                + "localhost:") && first.endsWith("but it left 1 request it never received and 0 errors no receives() "
                + "reported:"), first);
        assertContainsInOrder(find,
                "never received: [conn ", "\"find\": \"orders\"", "\"item\": \"kettle\"",
                "switch this check off with @MockupDB(failOnUnhandled = false)",
                "conversation of MockupServer at localhost:", "isMaster", "\"find\": \"orders\"");

        Throwable threw = Kit.failureOf(results, "responderThrows(MockupServer, MongoClient)");
        assertContainsInOrder(threw.getMessage(), "1 request it never received and 1 error no receives() reported",
                "never reported: ", "the responder broke", "conversation of MockupServer at localhost:", "\"ping\": 1");
        assertTrue(Arrays.stream(threw.getSuppressed()).anyMatch(s -> s instanceof IllegalStateException
                && s.getMessage().equals("the responder broke")), "the responder's exception, suppressed: "
                + Arrays.toString(threw.getSuppressed()));

        Throwable own = Kit.failureOf(results, "failsOnItsOwn(MockupServer, MongoClient)");
        assertEquals("the test's own failure", own.getMessage());
        assertTrue(Arrays.stream(own.getSuppressed()).anyMatch(s -> s instanceof ServerConversation
                && s.getMessage().contains("requests the test has not received:")), "with the conversation");

        Kit.finished(results, "leavesAFindSwitchedOff(MockupServer, MongoClient)").getPayload(
                org.junit.platform.engine.TestExecutionResult.class).filter(r -> r.getStatus()
                == org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL).orElseThrow(() ->
                new AssertionError("expected leavesAFindSwitchedOff to pass: " + Kit.failures(results)));
        String shared = Kit.failureOf(results, "leavesARequestOnTheSharedServer()").getMessage();
        assertTrue(shared.contains("\"buildInfo\": 1") && shared.contains("(made for static field shared of class "),
                shared);
        assertEquals(3, results.testEvents().succeeded().count(), Kit.failures(results));
        assertEquals(4, results.testEvents().failed().count(), Kit.failures(results));
        Kit.assertNothingLeft();
    }

    @Test
    void aConfigurationParameterSwitchesTheCheckOff() {
        EngineExecutionResults results = Kit.run(LeftoversExample.class, Map.of(MockupDB.FAIL_ON_UNHANDLED, "false"));
        assertEquals(6, results.testEvents().succeeded().count(), Kit.failures(results));
        assertInstanceOf(AssertionError.class, Kit.failureOf(results, "failsOnItsOwn(MockupServer, MongoClient)"));
        Kit.assertNothingLeft();
    }

    static void assertContainsInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, "expected " + part + " after the previous part in:\n" + text);
            from = at + part.length();
        }
    }
}
