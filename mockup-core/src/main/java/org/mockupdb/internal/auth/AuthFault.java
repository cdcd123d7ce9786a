package org.mockupdb.internal.auth;

/**
 * Faults the engine itself can put into a SCRAM conversation, each once, for the next
 * conversation that reaches its step ({@link AuthEngine#injectFault}); the public API is
 * {@code MockupServer.authFaults()}. The other two it offers (a hang-up instead of saslContinue's
 * reply, a delay before that reply) are the server's built-in auth responder's.
 */
public enum AuthFault {
    /** The server-first message carries a nonce that does not begin with the client's: the client must refuse it. */
    WRONG_SERVER_NONCE,
    /** The server-final message carries a signature the password does not give: the client must refuse it. */
    WRONG_SERVER_SIGNATURE
}
