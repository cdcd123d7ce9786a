package org.mockupdb.it.driver;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.mockupdb.Connection;
import org.mockupdb.MockupServer;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.internal.auth.AuthEngine;
import org.mockupdb.internal.auth.AuthGate;
import org.mockupdb.internal.auth.AuthReply;
import org.mockupdb.internal.auth.ConnectionAuth;

/**
 * A test-side stand-in for the request router's authentication wiring (issue 14, phase 2 will
 * replace it): puts an {@link AuthEngine} on a started server with today's public API only.
 * Responders, newest first: the hello (the automatic reply plus the engine's
 * {@code saslSupportedMechs}/{@code speculativeAuthenticate}), the authentication commands,
 * and oldest, so that a test's own responders still come first, the gate that answers
 * Unauthorized to every other command of an unauthenticated connection. Each connection's state
 * is kept by connection id.
 */
final class AuthWiring {
    private static final Set<String> HELLOS = Set.of("hello", "isMaster", "ismaster");

    private final MockupServer server;
    private final AuthEngine engine;
    private final Map<Integer, ConnectionAuth> connections = new ConcurrentHashMap<>();
    private final Function<Connection, String> certificateSubjects;
    private volatile boolean speculative = true;

    private AuthWiring(MockupServer server, AuthEngine engine, Function<Connection, String> certificateSubjects) {
        this.server = server;
        this.engine = engine;
        this.certificateSubjects = certificateSubjects;
    }

    static AuthWiring install(MockupServer server, AuthEngine engine) {
        return install(server, engine, connection -> null);
    }

    /** With the subject of each connection's verified client certificate, for X.509. */
    static AuthWiring install(MockupServer server, AuthEngine engine, Function<Connection, String> certificateSubjects) {
        AuthWiring wiring = new AuthWiring(server, engine, certificateSubjects);
        server.autoResponds(Spec.matching("a command an unauthenticated connection may not run", wiring::gated),
                request -> request.reply(AuthGate.unauthorized(request.commandName().orElseThrow()).toReply()));
        server.autoResponds(Spec.matching("an authentication command",
                        request -> request.commandName().map(AuthEngine::isAuthCommand).orElse(false)),
                request -> request.reply(engine.handle(request.commandName().orElseThrow(), request.body(),
                        request.database(), wiring.auth(request)).orElseThrow().toReply()));
        server.autoResponds(Spec.matching("a hello", request -> request.commandName().map(HELLOS::contains).orElse(false)),
                wiring::hello);
        return wiring;
    }

    /** Whether the engine answers speculativeAuthenticate in the hello (true by default); false makes drivers run saslStart. */
    AuthWiring speculative(boolean enabled) {
        this.speculative = enabled;
        return this;
    }

    AuthEngine engine() {
        return engine;
    }

    /** The authentication state of this request's connection. */
    ConnectionAuth auth(Request request) {
        return connections.computeIfAbsent(request.connection().id(),
                id -> new ConnectionAuth(certificateSubjects.apply(request.connection())));
    }

    private boolean gated(Request request) {
        return request.commandName().isPresent() && !AuthGate.allows(request.commandName().get(), auth(request));
    }

    private boolean hello(Request request) {
        BsonDocument body = request.body();
        if (!speculative) {
            body = body.clone();
            body.remove("speculativeAuthenticate");
        }
        AuthReply fields = engine.helloFields(body, auth(request));
        if (!fields.isOk()) {
            return request.reply(fields.toReply());
        }
        BsonDocument reply = server.helloReply(request);
        reply.remove("ok");
        reply.putAll(fields.fields());
        reply.append("ok", new org.bson.BsonInt32(1));
        return request.reply(reply);
    }
}
