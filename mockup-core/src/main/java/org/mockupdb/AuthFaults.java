package org.mockupdb;

import java.time.Duration;
import java.util.Objects;
import org.mockupdb.internal.auth.AuthFault;

/**
 * Faults in the middle of an authentication conversation, for a server with users
 * ({@link MockupServer#authFaults()}): each call arms one fault, carried out once, by the next
 * conversation (on any connection) that reaches its step, and noted in the transcript when it is.
 * Calls add up: two calls, two conversations.
 *
 * <pre>{@code
 * server.authFaults().wrongServerNonce();
 * // the driver's next connection fails to authenticate, naming the nonce
 * }</pre>
 *
 * <p>The faults act where the server's own authentication answers; a test's own responder for
 * saslStart or saslContinue comes first and answers in its place.
 */
public final class AuthFaults {
    private final AuthInterceptor auth;

    AuthFaults(AuthInterceptor auth) {
        this.auth = auth;
    }

    /**
     * The next SCRAM server-first message (the reply to saslStart, or the speculative one in the
     * hello) carries a server nonce that does not begin with the client's nonce; a client must
     * refuse it. Returns these faults, for chaining.
     */
    public AuthFaults wrongServerNonce() {
        auth.inject(AuthFault.WRONG_SERVER_NONCE);
        return this;
    }

    /**
     * The next SCRAM server-final message ({@code v=...}, the reply to the first saslContinue)
     * carries a server signature the password does not give; a client must refuse it. Returns
     * these faults.
     */
    public AuthFaults wrongServerSignature() {
        auth.inject(AuthFault.WRONG_SERVER_SIGNATURE);
        return this;
    }

    /**
     * The next saslContinue is answered by closing its connection: the server hangs up after
     * saslStart (or after the speculative start in the hello). Returns these faults.
     */
    public AuthFaults hangUpAfterSaslStart() {
        auth.hangUpAfterSaslStart();
        return this;
    }

    /**
     * The reply to the next saslContinue goes out {@code delay} late (the conversation itself goes
     * on as usual). Returns these faults.
     *
     * @throws IllegalArgumentException for a negative delay
     */
    public AuthFaults delayBeforeSaslContinue(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("expected a delay of zero or more, got " + delay);
        }
        auth.delayBeforeSaslContinue(delay);
        return this;
    }

    @Override
    public String toString() {
        return "AuthFaults" + auth.users();
    }
}
