package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.bson.Document;

/** Assertions over the one line of JSON a client program prints. */
final class Outputs {
    private Outputs() {
    }

    /** The {@code result} of a scenario that must have worked, as this type. */
    static <T> T result(Document out, Class<T> type) {
        assertTrue(out.containsKey("result") && !out.containsKey("error"),
                () -> "expected a result, got " + out.toJson());
        return out.get("result", type);
    }

    /** The scenario failed with this error class, and {@code messagePattern} is found in its message, ignoring case. */
    static void assertError(Document out, String errorClass, String messagePattern) {
        assertEquals(errorClass, out.getString("error"), () -> "the error class, in " + out.toJson());
        String message = out.getString("message");
        assertTrue(message != null && Pattern.compile(messagePattern, Pattern.CASE_INSENSITIVE).matcher(message).find(),
                () -> "expected the message to match /" + messagePattern + "/i, in " + out.toJson());
    }

    /** The operation took less than half of {@code timeout}: it did not wait for it. */
    static void assertFasterThan(Document out, Duration timeout) {
        long ms = ((Number) out.get("ms")).longValue();
        assertTrue(ms < timeout.toMillis() / 2, () -> "expected the client to notice in less than half of its "
                + timeout.toMillis() + " ms timeout, but it took " + ms + " ms: " + out.toJson());
    }
}
