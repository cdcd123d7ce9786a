package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.junit5.examples.FailingExample;
import org.mockupdb.junit5.internal.ServerConversation;

class FailureReportTest {

    @Test
    void aFailedTestCarriesItsServersConversation() {
        EngineExecutionResults results = Kit.run(FailingExample.class);
        assertEquals(3, results.testEvents().failed().count(), Kit.failures(results));

        Throwable failure = Kit.failureOf(results, "failsAfterAConversation(MockupServer, MongoClient)");
        assertTrue(failure.getMessage().contains("the test gives up with the find unanswered"),
                "the test's own failure stays as it was: " + failure);
        List<String> conversations = conversations(failure);
        assertEquals(1, conversations.size(), conversations::toString);
        String conversation = conversations.get(0);
        assertContainsInOrder(conversation,
                "conversation of MockupServer at localhost:",
                "connection 1", "isMaster",
                "\"insert\": \"orders\"", "\"item\": \"teapot\"",
                "\"n\": 1",
                "requests the test has not received:", "\"find\": \"orders\"", "\"item\": \"kettle\"");

        List<String> published = reportEntries(results, "failsAfterAConversation(MockupServer, MongoClient)",
                "mockupdb.conversation");
        assertEquals(1, published.size(), "one report entry");
        assertTrue(published.get(0).contains("\"item\": \"teapot\""), published.get(0));

        Throwable setup = Kit.failureOf(results, "failsInBeforeEach(MockupServer)");
        assertEquals("setup broke", setup.getMessage());
        assertEquals(1, conversations(setup).size(), "a failure in @BeforeEach carries the conversation too");

        Throwable two = Kit.failureOf(results, "failsWithTwoServers(MockupServer, MockupServer, MongoClient)");
        List<String> both = conversations(two);
        assertEquals(2, both.size(), both::toString);
        assertTrue(both.get(0).contains("\"ping\": 1"), both.get(0));
        assertTrue(both.get(1).startsWith("conversation of MockupServer \"other\""), both.get(1));
        assertTrue(both.get(1).contains("(no connections)"), both.get(1));
        assertEquals(1, reportEntries(results, "failsWithTwoServers(MockupServer, MockupServer, MongoClient)",
                "mockupdb.conversation.other").size());

        Kit.assertNothingLeft();
    }

    private static List<String> conversations(Throwable failure) {
        return Arrays.stream(failure.getSuppressed())
                .filter(s -> s instanceof ServerConversation)
                .map(Throwable::getMessage)
                .toList();
    }

    private static List<String> reportEntries(EngineExecutionResults results, String test, String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .map(ReportEntry::getKeyValuePairs)
                .map((Map<String, String> pairs) -> pairs.get(key))
                .filter(v -> v != null)
                .toList();
    }

    private static void assertContainsInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertTrue(at >= 0, () -> "expected " + part + " after position of the previous part in:\n" + text);
            from = at + part.length();
        }
    }
}
