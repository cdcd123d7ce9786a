package org.mockupdb.junit5.internal;

import java.util.stream.Collectors;
import org.mockupdb.MockupServer;

/**
 * A server's conversation, attached to a failed test as a suppressed exception so that it
 * prints under the failure's stack trace. It has no stack trace of its own.
 */
public final class ServerConversation extends Throwable {
    private static final long serialVersionUID = 1L;

    ServerConversation(String message) {
        super(message, null, false, false);
    }

    /** The conversation of {@code server} under {@code title}, indented to sit under a "Suppressed:" line. */
    public static ServerConversation of(String title, MockupServer server) {
        return of(title, server.transcript());
    }

    /** A conversation (a topology's: every member's, one after the other) under {@code title}, indented. */
    public static ServerConversation of(String title, String transcript) {
        String indented = transcript.stripTrailing().lines().map(line -> "\t\t" + line)
                .collect(Collectors.joining("\n"));
        return new ServerConversation(title + "\n" + indented);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
