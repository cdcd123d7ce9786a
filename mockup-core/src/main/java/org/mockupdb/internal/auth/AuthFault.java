package org.mockupdb.internal.auth;

/**
 * Faults the engine itself can put into a SCRAM conversation, each once, for the next
 * conversation that reaches its step ({@link AuthEngine#injectFault}). The others the issue
 * lists are the router's: a hang-up after saslStart (reply to saslStart, then close the
 * connection on the next request, or {@code Reply.hangUp()} to the saslContinue), a delay before
 * saslContinue's reply ({@code toReply().delayedBy(...)}).
 */
public enum AuthFault {
    /** The server-first message carries a nonce that does not begin with the client's: the client must refuse it. */
    WRONG_SERVER_NONCE,
    /** The server-final message carries a signature the password does not give: the client must refuse it. */
    WRONG_SERVER_SIGNATURE
}
