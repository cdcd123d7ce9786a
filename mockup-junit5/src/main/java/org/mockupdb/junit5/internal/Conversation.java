package org.mockupdb.junit5.internal;

/**
 * A failed test's server conversation, attached to the failure as a suppressed exception so
 * that it prints under the failure in IDEs and in Maven's output. It has no stack trace of its own.
 */
public final class Conversation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conversation(String transcript) {
        super("MockupDB conversation of this test's servers:" + transcript, null, false, false);
    }
}
