package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoIncompatibleDriverException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.mockupdb.junit5.examples.RefusedExample;
import org.mockupdb.junit5.internal.ServerConversation;

/** A run the driver refuses fails with the driver's own message first, not with "got nothing". */
class RefusedTest {

    @Test
    void aRunTheDriverRefusesFailsWithTheDriversMessage() {
        EngineExecutionResults results = Kit.run(RefusedExample.class);
        Throwable refused = Kit.failureOf(results, "maxWireVersion=7");
        assertInstanceOf(MongoIncompatibleDriverException.class, refused);
        String first = refused.toString().lines().findFirst().orElse("");
        assertTrue(first.contains("reports wire version 7, but this version of the driver requires at least 8"), first);
        assertTrue(Arrays.stream(refused.getSuppressed()).anyMatch(s -> s instanceof AssertionError
                && s.getMessage().contains("got nothing")), "the test's own failure, suppressed under it");
        assertTrue(Arrays.stream(refused.getSuppressed()).anyMatch(s -> s instanceof ServerConversation),
                "the conversation too");

        assertEquals(List.of("maxWireVersion=8 (MongoDB 4.2)", "maxWireVersion=9 (MongoDB 4.4)"),
                runsOf(results, "fromWhereTheDriverStarts(MongoClient)"));
        assertEquals(List.of("maxWireVersion=24", "maxWireVersion=25"), runsOf(results, "toTheNewest(MockupServer)"));
        assertEquals(1 + 2 + 2, results.testEvents().succeeded().count(), Kit.failures(results));
        assertEquals(1, results.testEvents().failed().count(), Kit.failures(results));
        Kit.assertNothingLeft();
    }

    private static List<String> runsOf(EngineExecutionResults results, String template) {
        return results.testEvents().finished().stream()
                .map(Event::getTestDescriptor)
                .filter(d -> d.getParent().map(p -> p.getDisplayName().equals(template)).orElse(false))
                .map(d -> d.getDisplayName())
                .toList();
    }
}
