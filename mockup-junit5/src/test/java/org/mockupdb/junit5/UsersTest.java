package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.mockupdb.junit5.examples.Recorder;
import org.mockupdb.junit5.examples.UserFieldsExample;
import org.mockupdb.junit5.examples.UsersErrorsExample;
import org.mockupdb.junit5.examples.UsersExample;

class UsersTest {

    @Test
    void theServerKnowsTheUsersAndTheInjectedClientAuthenticatesAsTheNearest() {
        EngineExecutionResults results = Kit.run(UsersExample.class);
        Kit.assertAllSucceeded(results, 6);
        assertEquals(4, Recorder.seen("users").stream().distinct().count(),
                "one server per test that counted (each method's users differ, or the scope is the test's)");
        Kit.assertNothingLeft();
    }

    @Test
    void onFieldsTheServerAndTheClientGetTheFieldsUser() {
        EngineExecutionResults results = Kit.run(UserFieldsExample.class);
        Kit.assertAllSucceeded(results, 1);
        Kit.assertNothingLeft();
    }

    @Test
    void mistakesFailNamingTheAnnotationAndTheElementButNeverThePassword() {
        EngineExecutionResults results = Kit.run(UsersErrorsExample.class);
        assertEquals(0, results.testEvents().succeeded().count(), Kit.failures(results));
        assertError(Kit.failureOf(results, "unknownMechanism(MockupServer)"),
                "@User(name = \"alice\") on method", "unknownMechanism", "expected SCRAM-SHA-1 or SCRAM-SHA-256",
                "\"PLAIN\"");
        assertError(Kit.failureOf(results, "blankName(MockupServer)"),
                "@User on method", "expected name to be a user name, got \" \"");
        assertError(Kit.failureOf(results, "externalDatabase(MongoClient)"),
                "@User(name = \"alice\") on method", "expected a database for the SCRAM user alice", "$external");
        assertError(Kit.failureOf(results, "sameServerAskedWithAnotherPassword(MockupServer, MockupServer)"),
                "to share the server named \"\"", "user alice@admin [SCRAM-SHA-1, SCRAM-SHA-256]");
        Kit.assertNothingLeft();
    }

    private static void assertError(Throwable failure, String... parts) {
        Throwable cause = failure;
        while (!(cause instanceof ExtensionConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertInstanceOf(ExtensionConfigurationException.class, cause, () -> "cause of " + failure);
        for (String part : parts) {
            assertTrue(failure.getMessage().contains(part),
                    () -> "expected the message to contain " + part + ", got: " + failure.getMessage());
        }
        assertFalse(failure.getMessage().contains("Hidden"), () -> "a password in: " + failure.getMessage());
    }
}
