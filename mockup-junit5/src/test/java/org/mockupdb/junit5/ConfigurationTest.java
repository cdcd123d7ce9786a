package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.junit5.examples.ConfigErrorsExample;
import org.mockupdb.junit5.examples.ConfigExample;

class ConfigurationTest {

    @Test
    void nearestAnnotationWinsAutoRespondsAddUpAndNestedClassesInherit() {
        EngineExecutionResults results = Kit.run(ConfigExample.class);
        Kit.assertAllSucceeded(results, 7);
        Kit.assertNothingLeft();
    }

    @Test
    void mistakesInAnnotationsFailNamingTheAnnotationAndTheElement() {
        EngineExecutionResults results = Kit.run(ConfigErrorsExample.class);
        assertEquals(0, results.testEvents().succeeded().count(), Kit.failures(results));

        assertConfigurationError(Kit.failureOf(results, "badJson(MockupServer)"),
                "@AutoRespond(\"find\") on method", "expected reply to be a document in relaxed Extended JSON",
                "{cursor: ");
        assertConfigurationError(Kit.failureOf(results, "minAboveMax(MockupServer)"),
                "@MinWireVersion(13) on parameter 0", "expected value to be at most the maxWireVersion 8",
                "@MaxWireVersion(8) on method");
        assertConfigurationError(Kit.failureOf(results, "badTimeout(MockupServer)"),
                "@MockupDB on method", "expected requestTimeout to be a duration", "\"ten seconds\"");
        assertConfigurationError(Kit.failureOf(results, "sameServerAskedTwoWays(MockupServer, MockupServer)"),
                "to share the server named \"\"", "maxWireVersion=8", "maxWireVersion=9");

        assertConfigurationError(Kit.failureOf(results, "twoVerboseValues(MockupServer)"),
                "@MockupDB on method", "expected verbose to be one value, true or false, got [true, false]");
        assertConfigurationError(Kit.failureOf(results, "badUriOptions(MongoClient)"),
                "@ClientSettings on method", "expected uriOptions to be name=value pairs", "\"retryReads\"");
        assertConfigurationError(Kit.failureOf(results, "customizerWithoutDefaultConstructor(MongoClient)"),
                "expected customizer", "NoDefaultConstructor to have a constructor without parameters");
        List<Throwable> anyTests = results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("anyTest()"))
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow())
                .toList();
        assertEquals(2, anyTests.size(), anyTests::toString);
        assertConfigurationError(anyTests.stream().filter(t -> t.getMessage().contains("notAServer")).findFirst()
                        .orElseThrow(), "@MockupDB on field notAServer of class",
                "expected a field of type MockupServer, MockupReplicaSet, MockupShardedCluster or "
                        + "com.mongodb.client.MongoClient, got java.lang.String");
        assertConfigurationError(anyTests.stream().filter(t -> t.getMessage().contains("final")).findFirst()
                .orElseThrow(), "@MockupDB on field server of class", "expected a field that is not final");

        String unknown = templateFailure(results, "unknownRelease(MockupServer)");
        assertTrue(unknown.contains("@ServerVersions on method") && unknown.contains("expected value to name a known release")
                && unknown.contains("\"9.9\""), unknown);
        String backwards = templateFailure(results, "backwardsRange(MockupServer)");
        assertTrue(backwards.contains("@WireVersions on method") && backwards.contains("from = 9, to = 6"), backwards);
        Kit.assertNothingLeft();
    }

    private static void assertConfigurationError(Throwable failure, String... parts) {
        Throwable cause = failure;
        while (!(cause instanceof ExtensionConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertInstanceOf(ExtensionConfigurationException.class, cause, () -> "cause of " + failure);
        for (String part : parts) {
            assertTrue(failure.getMessage().contains(part),
                    () -> "expected the message to contain " + part + ", got: " + failure.getMessage());
        }
    }

    /** A template whose annotation is wrong fails as a container. */
    private static String templateFailure(EngineExecutionResults results, String displayName) {
        return results.containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(displayName))
                .findFirst()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)
                .orElseThrow(() -> new AssertionError("expected " + displayName + " to fail"));
    }
}
