package org.mockupdb;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.auth.AuthEngine;
import org.mockupdb.internal.auth.AuthFault;
import org.mockupdb.internal.auth.AuthGate;
import org.mockupdb.internal.auth.AuthReply;
import org.mockupdb.internal.auth.ConnectionAuth;

/**
 * Authentication on a server with users, in three places of the {@link Router}:
 * <ul>
 * <li>as an {@link Interceptor}, before every responder, mongod's gate: until its connection has
 *     authenticated, a command other than the handshake, the authentication commands, ping,
 *     listCommands and buildInfo gets Unauthorized (13); so does a legacy message (OP_QUERY on
 *     a collection, OP_GET_MORE, and the legacy writes, whose reply is dropped as for any
 *     message that expects none), as mongod before 5.1 refused them ("not authorized for query
 *     on db.c");</li>
 * <li>as a <em>built-in</em> responder ({@link #answer}, for {@link #COMMANDS}), the
 *     authentication commands answered by the {@link AuthEngine}: a test's own responder for
 *     saslContinue comes first and may answer in its place;</li>
 * <li>as the automatic hello's extension ({@link #extendHello}): saslSupportedMechs and the
 *     speculativeAuthenticate reply, which servers before 4.4 (maxWireVersion below 9) did not
 *     answer.</li>
 * </ul>
 * It also carries the router-level faults of {@link AuthFaults} (a hang-up after saslStart, a
 * delay before saslContinue's reply), and notes every fault, failure reason and success in the
 * transcript.
 */
final class AuthInterceptor implements Interceptor {
    static final Spec COMMANDS = Spec.matching("an authentication command (saslStart, saslContinue, authenticate, "
            + "logout)", request -> request.commandName().map(AuthEngine::isAuthCommand).orElse(false));

    /** MongoDB 4.4's wire version, the first that answers speculativeAuthenticate in the hello. */
    static final int SPECULATIVE_SINCE_WIRE_VERSION = 9;

    private final AuthEngine engine;
    private final Transcript transcript;
    private final Object lock = new Object();
    private int hangUps;
    private final ArrayDeque<Duration> delays = new ArrayDeque<>();

    AuthInterceptor(AuthEngine engine, Transcript transcript) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.transcript = transcript;
    }

    // ------------------------------------------------------------------ the gate

    @Override
    public boolean intercept(Request request) {
        ConnectionAuth auth = ServerConnection.authOf(request.connection());
        Optional<String> name = request.commandName();
        if (name.isPresent()) {
            Optional<AuthReply> refused = AuthGate.check(name.get(), auth);
            return refused.isPresent() && request.reply(refused.get().toReply());
        }
        if (auth.isAuthenticated()) {
            return false;
        }
        return request.reply(Reply.commandError(AuthGate.UNAUTHORIZED, "not authorized for " + legacyVerb(request)
                + " on " + request.namespace()));
    }

    private static String legacyVerb(Request request) {
        return switch (request.opCode()) {
            case OP_GET_MORE -> "getMore";
            case OP_INSERT -> "insert";
            case OP_UPDATE -> "update";
            case OP_DELETE -> "remove";
            case OP_KILL_CURSORS -> "killCursors";
            default -> "query";
        };
    }

    // ------------------------------------------------------------------ the authentication commands

    /** The built-in responder for {@link #COMMANDS}. */
    boolean answer(Request request) {
        String name = request.commandName().orElseThrow();
        ConnectionAuth auth = ServerConnection.authOf(request.connection());
        boolean continuing = name.equals("saslContinue");
        if (continuing && takeHangUp()) {
            note(request, "auth fault (authFaults().hangUpAfterSaslStart()): the server hangs up instead of "
                    + "answering saslContinue");
            return request.reply(Fault.hangUp());
        }
        Optional<AuthenticatedUser> before = auth.user();
        AuthReply answer = engine.handle(name, request.body(), request.database(), auth).orElseThrow();
        report(request, answer, before, auth);
        Reply reply = answer.toReply();
        if (continuing) {
            Duration delay;
            synchronized (lock) {
                delay = delays.poll();
            }
            if (delay != null) {
                note(request, "auth fault (authFaults().delayBeforeSaslContinue()): saslContinue's reply is delayed "
                        + Replies.describe(delay));
                reply = reply.delayedBy(delay);
            }
        }
        return request.reply(reply);
    }

    private boolean takeHangUp() {
        synchronized (lock) {
            if (hangUps == 0) {
                return false;
            }
            hangUps--;
            return true;
        }
    }

    // ------------------------------------------------------------------ the hello

    /** The automatic hello's reply with saslSupportedMechs and speculativeAuthenticate answered, or an error instead. */
    BsonDocument extendHello(Request request, BsonDocument reply) {
        BsonDocument body = request.body();
        BsonValue wire = reply.get("maxWireVersion");
        if (body.containsKey("speculativeAuthenticate") && wire != null && wire.isNumber()
                && wire.asNumber().intValue() < SPECULATIVE_SINCE_WIRE_VERSION) {
            body = body.clone();
            body.remove("speculativeAuthenticate");
        }
        ConnectionAuth auth = ServerConnection.authOf(request.connection());
        Optional<AuthenticatedUser> before = auth.user();
        AuthReply fields = engine.helloFields(body, auth);
        report(request, fields, before, auth);
        if (!fields.isOk()) {
            return fields.document();
        }
        BsonValue ok = reply.remove("ok");
        reply.putAll(fields.fields());
        if (ok != null) {
            reply.put("ok", ok);
        }
        return reply;
    }

    // ------------------------------------------------------------------ faults

    void inject(AuthFault fault) {
        engine.injectFault(fault);
    }

    void hangUpAfterSaslStart() {
        synchronized (lock) {
            hangUps++;
        }
    }

    void delayBeforeSaslContinue(Duration delay) {
        synchronized (lock) {
            delays.add(delay);
        }
    }

    // ------------------------------------------------------------------ the transcript

    /** Notes the faults the engine put into the answer, why it failed (what mongod only logs), or whom it authenticated. */
    private void report(Request request, AuthReply answer, Optional<AuthenticatedUser> before, ConnectionAuth auth) {
        for (AuthFault fault : answer.faults()) {
            note(request, switch (fault) {
                case WRONG_SERVER_NONCE -> "auth fault (authFaults().wrongServerNonce()): the server-first message "
                        + "carries a nonce that does not begin with the client's";
                case WRONG_SERVER_SIGNATURE -> "auth fault (authFaults().wrongServerSignature()): the server-final "
                        + "message carries a wrong server signature";
            });
        }
        if (!answer.isOk() && answer.reason() != null && !answer.reason().equals(answer.errmsg())) {
            note(request, "authentication failed: " + answer.reason());
        }
        Optional<AuthenticatedUser> after = auth.user();
        if (after.isPresent() && !after.equals(before)) {
            note(request, "authenticated as " + after.get());
        }
    }

    private void note(Request request, String text) {
        if (transcript != null) {
            transcript.note(request.connection().id(), text);
        }
    }

    List<String> users() {
        return engine.users().stream().map(Object::toString).toList();
    }

    @Override
    public String toString() {
        return "authentication gate for " + users();
    }
}
