package org.mockupdb.internal.auth;

import java.util.Optional;
import java.util.Set;

/**
 * Which commands a connection may run before it has authenticated, as mongod decides it: a
 * command whose {@code requiresAuth()} is false runs, any other gets Unauthorized (13),
 * "Command X requires authentication" (mongodb/mongo src/mongo/db/commands.cpp,
 * {@code checkAuthorizationImplPreParse}: {@code uassert(ErrorCodes::Unauthorized, "Command " <<
 * command->getName() << " requires authentication", !command->requiresAuth() ||
 * authzSession->isAuthenticated() ...)}; servers before 7.0 wrote "command" in lower case).
 */
public final class AuthGate {
    public static final int UNAUTHORIZED = 13;

    /**
     * The commands whose {@code requiresAuth()} is false in mongod: the handshake
     * ({@code hello}, and {@code isMaster} with its lower-case alias: repl/hello.cpp), the
     * authentication commands ({@code saslStart}, {@code saslContinue}: auth/sasl_commands.cpp;
     * {@code authenticate}, {@code logout}, {@code getnonce} (gone since 6.0):
     * commands/authentication_commands.cpp), and {@code ping}, {@code listCommands}
     * (commands/generic.cpp) and {@code buildInfo} with its alias {@code buildinfo} (buildinfo
     * through 7.0; 8.0 asks for authentication unless {@code buildInfoAuthMode} allows it: we keep
     * the older default, which shells and drivers of every version cope with). Command names match
     * exactly, as mongod's command registry does.
     */
    public static final Set<String> ALLOWED_BEFORE_AUTHENTICATION = Set.of(
            "hello", "isMaster", "ismaster",
            "saslStart", "saslContinue", "authenticate", "logout", "getnonce",
            "ping", "listCommands", "buildInfo", "buildinfo");

    private AuthGate() {
    }

    /** Whether this command may run on a connection in this state. */
    public static boolean allows(String commandName, ConnectionAuth connection) {
        return connection.isAuthenticated() || ALLOWED_BEFORE_AUTHENTICATION.contains(commandName);
    }

    /** mongod's Unauthorized reply to this command on this connection, or empty when it may run. */
    public static Optional<AuthReply> check(String commandName, ConnectionAuth connection) {
        if (allows(commandName, connection)) {
            return Optional.empty();
        }
        return Optional.of(unauthorized(commandName));
    }

    /** {@code {ok: 0, errmsg: "Command X requires authentication", code: 13, codeName: "Unauthorized"}}. */
    public static AuthReply unauthorized(String commandName) {
        return AuthReply.error(UNAUTHORIZED, "Command " + commandName + " requires authentication");
    }
}
