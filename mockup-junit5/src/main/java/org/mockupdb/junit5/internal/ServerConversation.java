package org.mockupdb.junit5.internal;

/**
 * A server's conversation, attached to a failed test as a suppressed exception so that it
 * prints under the failure's stack trace. It has no stack trace of its own.
 */
public final class ServerConversation extends Throwable {
    private static final long serialVersionUID = 1L;

    ServerConversation(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
