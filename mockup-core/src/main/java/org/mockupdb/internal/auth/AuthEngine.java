package org.mockupdb.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.mockupdb.AuthenticatedUser;

/**
 * The server's side of authentication, as mongod answers it: SCRAM-SHA-1 and SCRAM-SHA-256
 * over {@code saslStart}/{@code saslContinue} and speculatively in the hello,
 * {@code saslSupportedMechs} in the hello, and MONGODB-X509 over {@code authenticate}. One
 * engine serves a whole server (its users are fixed when it is made); each connection's state is
 * a {@link ConnectionAuth} the caller keeps and passes in. Every method answers; none throws
 * for bad input: a malformed or wrong request gets mongod's error, and the connection keeps the
 * users it had (its conversation, as in mongod, is over).
 *
 * <p>mongod's behaviour followed here, from its source (mongodb/mongo, src/mongo/db/auth):
 * <ul>
 * <li>{@code sasl_commands.cpp} {@code doSaslStep}: any failure of a mechanism step reaches the
 *     client as AuthenticationFailed (18), "Authentication failed." (unknown user, a user without
 *     credentials for the mechanism, malformed SCRAM messages, a wrong nonce, a wrong proof);
 *     {@code conversationId} is always 1; {@code runSaslContinue}: another id is ProtocolError (17)
 *     "sasl: Mismatched conversation id"; {@code doSpeculativeSaslStart}: a speculative start
 *     without {@code db} is ignored, and one that fails leaves the hello reply without
 *     {@code speculativeAuthenticate}.</li>
 * <li>{@code authentication_session.cpp} {@code StepGuard}: saslContinue with no session is
 *     ProtocolError "No SASL session state found"; a session ends (is reset) when it succeeds or
 *     fails; a new saslStart replaces the session in progress.</li>
 * <li>{@code authentication_session.cpp} {@code setMechanismName} through
 *     {@code AuthCounter::getMechanismCounter} (auth_counter.cpp): a mechanism the server has not
 *     enabled is MechanismUnavailable (334) "Received authentication for mechanism X which is not
 *     enabled"; mongod's default {@code authenticationMechanisms} are MONGODB-X509, SCRAM-SHA-1,
 *     SCRAM-SHA-256.</li>
 * <li>{@code sasl_mechanism_registry.cpp} {@code getServerMechanism}: an enabled mechanism that
 *     is not a SASL one for this database is BadValue (2) "Unsupported mechanism 'X' on
 *     authentication database 'db'"; {@code advertiseMechanismNamesForUser}: saslSupportedMechs
 *     for an unknown user leaves the field out.</li>
 * <li>{@code sasl_scram_server_conversation.cpp}: the SCRAM steps ({@link ScramConversation}),
 *     {@code setOptions}: a non-boolean skipEmptyExchange is BadValue "skipEmptyExchange must be
 *     boolean"; the server nonce is the client's plus 24 random bytes in base64.</li>
 * <li>{@code authentication_commands.cpp} {@code _authenticateX509}: no verified certificate
 *     subject, or a {@code user} that is not the subject, fails authentication; X.509 must use
 *     {@code $external} (ProtocolError "X.509 authentication must always use the $external database.").</li>
 * </ul>
 */
public final class AuthEngine {
    public static final int BAD_VALUE = 2;
    public static final int TYPE_MISMATCH = 14;
    public static final int PROTOCOL_ERROR = 17;
    public static final int AUTHENTICATION_FAILED = 18;
    public static final int MECHANISM_UNAVAILABLE = 334;
    public static final int IDL_MISSING_FIELD = 40414;
    /** mongod's {@code AuthorizationManager::authenticationFailedStatus}. */
    public static final String AUTHENTICATION_FAILED_MESSAGE = "Authentication failed.";
    public static final String MONGODB_X509 = "MONGODB-X509";
    /** mongod's default {@code authenticationMechanisms}. */
    public static final Set<String> ENABLED_MECHANISMS = Set.of(MONGODB_X509, "SCRAM-SHA-1", "SCRAM-SHA-256");

    private final Map<String, AuthUser> users = new LinkedHashMap<>();
    private final boolean anyCertificateSubject;
    private final Supplier<String> serverNonceSuffixes;
    private final Map<AuthFault, Integer> pendingFaults = new EnumMap<>(AuthFault.class);

    /**
     * An engine for these users. X.509: when no user of {@code $external} is given, any verified
     * certificate subject authenticates (as if mongod had a user for each); otherwise only theirs.
     */
    public AuthEngine(Collection<AuthUser> users) {
        this(users, randomNonces());
    }

    /** An engine whose server nonces (the part after the client's) come from this supplier, as test vectors need. */
    AuthEngine(Collection<AuthUser> users, Supplier<String> serverNonceSuffixes) {
        boolean external = false;
        for (AuthUser user : users) {
            if (this.users.putIfAbsent(key(user.name(), user.database()), user) != null) {
                throw new IllegalArgumentException("user " + user.fullName() + " is given twice");
            }
            external |= user.database().equals(AuthUser.EXTERNAL_DATABASE);
        }
        this.anyCertificateSubject = !external;
        this.serverNonceSuffixes = Objects.requireNonNull(serverNonceSuffixes);
    }

    private static Supplier<String> randomNonces() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        };
    }

    private static String key(String name, String database) {
        return database + "\u0000" + name;
    }

    /** The users, in the order given. */
    public List<AuthUser> users() {
        return List.copyOf(users.values());
    }

    /** The user of this name in this database, if there is one. */
    public Optional<AuthUser> user(String name, String database) {
        return Optional.ofNullable(users.get(key(name, database)));
    }

    /**
     * The next SCRAM conversation that reaches this fault's step (server-first for a wrong
     * nonce, server-final for a wrong signature) carries it; once per call.
     */
    public void injectFault(AuthFault fault) {
        synchronized (pendingFaults) {
            pendingFaults.merge(Objects.requireNonNull(fault, "fault"), 1, Integer::sum);
        }
    }

    private boolean takeFault(AuthFault fault) {
        synchronized (pendingFaults) {
            Integer n = pendingFaults.get(fault);
            if (n == null) {
                return false;
            }
            if (n == 1) {
                pendingFaults.remove(fault);
            } else {
                pendingFaults.put(fault, n - 1);
            }
            return true;
        }
    }

    /** The engine as one step of a conversation sees it, noting in {@code carried} the faults the step takes. */
    private ScramConversation.Server server(List<AuthFault> carried) {
        return new ScramConversation.Server() {
            @Override
            public AuthUser user(String name, String database) {
                return users.get(key(name, database));
            }

            @Override
            public String serverNonceSuffix() {
                return serverNonceSuffixes.get();
            }

            @Override
            public boolean takeFault(AuthFault fault) {
                boolean taken = AuthEngine.this.takeFault(fault);
                if (taken) {
                    carried.add(fault);
                }
                return taken;
            }
        };
    }

    /** Whether the engine answers this command: saslStart, saslContinue, authenticate, logout. */
    public static boolean isAuthCommand(String commandName) {
        return switch (commandName) {
            case "saslStart", "saslContinue", "authenticate", "logout" -> true;
            default -> false;
        };
    }

    /**
     * Answers an authentication command ({@link #isAuthCommand}); empty for any other command.
     *
     * @param command the command's body
     * @param database the database it was sent to ({@code $db}, or the OP_QUERY namespace's)
     */
    public Optional<AuthReply> handle(String commandName, BsonDocument command, String database,
                                      ConnectionAuth connection) {
        return switch (commandName) {
            case "saslStart" -> Optional.of(saslStart(command, database, connection));
            case "saslContinue" -> Optional.of(saslContinue(command, connection));
            case "authenticate" -> Optional.of(authenticate(command, database, connection));
            case "logout" -> Optional.of(logout(database, connection));
            default -> Optional.empty();
        };
    }

    // ------------------------------------------------------------------ SASL

    /** {@code {saslStart: 1, mechanism, payload, options: {skipEmptyExchange}}}. */
    public AuthReply saslStart(BsonDocument command, String database, ConnectionAuth connection) {
        return saslStart(command, database, connection, false);
    }

    private AuthReply saslStart(BsonDocument command, String database, ConnectionAuth connection, boolean speculative) {
        String commandName = "saslStart";
        BsonValue mechanismValue = command.get("mechanism");
        if (mechanismValue == null) {
            return missing(commandName, "mechanism");
        }
        if (!mechanismValue.isString()) {
            return wrongType(commandName, "mechanism", mechanismValue, "type 'string'");
        }
        BsonValue payloadValue = command.get("payload");
        if (payloadValue == null) {
            return missing(commandName, "payload");
        }
        if (!payloadValue.isString() && !payloadValue.isBinary()) {
            return wrongType(commandName, "payload", payloadValue, "types '[string, binData]'");
        }
        BsonValue options = command.get("options");
        if (options != null && !options.isDocument()) {
            return wrongType(commandName, "options", options, "type 'object'");
        }
        synchronized (connection) {
            // A new start replaces any conversation in progress (StepGuard's createSession).
            connection.endConversation();
            String mechanismName = mechanismValue.asString().getValue();
            if (!ENABLED_MECHANISMS.contains(mechanismName)) {
                return AuthReply.error(MECHANISM_UNAVAILABLE,
                        "Received authentication for mechanism " + mechanismName + " which is not enabled");
            }
            Optional<ScramMechanism> mechanism = ScramMechanism.named(mechanismName);
            if (mechanism.isEmpty()) {
                return AuthReply.error(BAD_VALUE, "Unsupported mechanism '" + mechanismName
                        + "' on authentication database '" + database + "'");
            }
            boolean skipEmptyExchange = false;
            if (options != null && options.asDocument().containsKey("skipEmptyExchange")) {
                BsonValue see = options.asDocument().get("skipEmptyExchange");
                if (!see.isBoolean()) {
                    return AuthReply.error(BAD_VALUE, "skipEmptyExchange must be boolean");
                }
                skipEmptyExchange = see.asBoolean().getValue();
            }
            ScramConversation conversation = new ScramConversation(mechanism.get(), database, skipEmptyExchange,
                    speculative);
            connection.startConversation(conversation);
            return step(conversation, payloadValue, connection);
        }
    }

    /** {@code {saslContinue: 1, conversationId: 1, payload}}. */
    public AuthReply saslContinue(BsonDocument command, ConnectionAuth connection) {
        String commandName = "saslContinue";
        BsonValue id = command.get("conversationId");
        if (id == null) {
            return missing(commandName, "conversationId");
        }
        if (!id.isNumber()) {
            return wrongType(commandName, "conversationId", id, "type 'int'");
        }
        BsonValue payloadValue = command.get("payload");
        if (payloadValue == null) {
            return missing(commandName, "payload");
        }
        if (!payloadValue.isString() && !payloadValue.isBinary()) {
            return wrongType(commandName, "payload", payloadValue, "types '[string, binData]'");
        }
        synchronized (connection) {
            ScramConversation conversation = connection.conversation();
            if (conversation == null) {
                return AuthReply.error(PROTOCOL_ERROR, "No SASL session state found");
            }
            if (id.asNumber().doubleValue() != 1) {
                connection.endConversation();
                return AuthReply.error(PROTOCOL_ERROR, "sasl: Mismatched conversation id");
            }
            return step(conversation, payloadValue, connection);
        }
    }

    private AuthReply step(ScramConversation conversation, BsonValue payloadValue, ConnectionAuth connection) {
        boolean base64 = payloadValue.isString();
        String input;
        if (base64) {
            try {
                input = ScramConversation.text(Base64.getDecoder().decode(payloadValue.asString().getValue()));
            } catch (IllegalArgumentException e) {
                connection.endConversation();
                return AuthReply.error(BAD_VALUE, "Invalid base64 payload: " + e.getMessage());
            }
        } else {
            input = ScramConversation.text(payloadValue.asBinary().getData());
        }
        List<AuthFault> carried = new ArrayList<>(1);
        ScramConversation.Step step = conversation.step(input, server(carried));
        if (step.failed()) {
            connection.endConversation();
            return AuthReply.authenticationFailed(conversation.mechanism() + " conversation failed: " + step.failure())
                    .withFaults(carried);
        }
        if (step.done()) {
            connection.endConversation();
            connection.authenticated(new AuthenticatedUser(conversation.principal(), conversation.database(),
                    conversation.mechanism().mechanismName()));
        }
        byte[] out = step.payload().getBytes(StandardCharsets.UTF_8);
        BsonValue payload = base64 ? new BsonString(Base64.getEncoder().encodeToString(out)) : new BsonBinary(out);
        return AuthReply.ok(new BsonDocument("conversationId", new BsonInt32(1))
                .append("done", BsonBoolean.valueOf(step.done()))
                .append("payload", payload)).withFaults(carried);
    }

    // ------------------------------------------------------------------ X.509 and logout

    /** {@code {authenticate: 1, mechanism: "MONGODB-X509", user}} on {@code $external}. */
    public AuthReply authenticate(BsonDocument command, String database, ConnectionAuth connection) {
        BsonValue mechanismValue = command.get("mechanism");
        if (mechanismValue == null) {
            return missing("authenticate", "mechanism");
        }
        if (!mechanismValue.isString()) {
            return wrongType("authenticate", "mechanism", mechanismValue, "type 'string'");
        }
        BsonValue userValue = command.get("user");
        if (userValue != null && !userValue.isString()) {
            return wrongType("authenticate", "user", userValue, "type 'string'");
        }
        synchronized (connection) {
            connection.endConversation();
            String mechanism = mechanismValue.asString().getValue();
            if (!ENABLED_MECHANISMS.contains(mechanism)) {
                return AuthReply.error(MECHANISM_UNAVAILABLE,
                        "Received authentication for mechanism " + mechanism + " which is not enabled");
            }
            if (!mechanism.equals(MONGODB_X509)) {
                return AuthReply.error(BAD_VALUE, "Unsupported mechanism '" + mechanism
                        + "' on authentication database '" + database + "'");
            }
            if (!database.equals(AuthUser.EXTERNAL_DATABASE)) {
                return AuthReply.error(PROTOCOL_ERROR, "X.509 authentication must always use the $external database.");
            }
            Optional<String> subject = connection.clientCertificateSubject();
            if (subject.isEmpty()) {
                return AuthReply.authenticationFailed("No verified subject name available from client");
            }
            String user = userValue == null ? "" : userValue.asString().getValue();
            if (!user.isEmpty() && !user.equals(subject.get())) {
                return AuthReply.authenticationFailed("There is no x.509 client certificate matching the user. "
                        + "(user " + user + ", certificate subject " + subject.get() + ")");
            }
            if (!anyCertificateSubject && !users.containsKey(key(subject.get(), AuthUser.EXTERNAL_DATABASE))) {
                return AuthReply.authenticationFailed("Could not find user \"" + subject.get() + "\" for db \"$external\"");
            }
            connection.authenticated(new AuthenticatedUser(subject.get(), AuthUser.EXTERNAL_DATABASE, MONGODB_X509));
            return AuthReply.ok(new BsonDocument("dbname", new BsonString(AuthUser.EXTERNAL_DATABASE))
                    .append("user", new BsonString(subject.get())));
        }
    }

    /** {@code {logout: 1}}: forgets the connection's users of this database. */
    public AuthReply logout(String database, ConnectionAuth connection) {
        connection.logout(database);
        return AuthReply.ok(new BsonDocument());
    }

    // ------------------------------------------------------------------ the hello

    /**
     * The fields the hello reply gains from {@code saslSupportedMechs} and
     * {@code speculativeAuthenticate} in this hello (an empty document when it has neither), or
     * the error that replaces the whole reply (a saslSupportedMechs with no '.', as mongod's
     * {@code UserName::parse}).
     */
    public AuthReply helloFields(BsonDocument hello, ConnectionAuth connection) {
        BsonDocument fields = new BsonDocument();
        BsonValue ssm = hello.get("saslSupportedMechs");
        if (ssm != null && ssm.isString()) {
            String pair = ssm.asString().getValue();
            int dot = pair.indexOf('.');
            if (dot < 0) {
                return AuthReply.error(BAD_VALUE, "username must contain a '.' separated database.user pair");
            }
            AuthUser user = users.get(key(pair.substring(dot + 1), pair.substring(0, dot)));
            if (user != null) {
                BsonArray names = new BsonArray();
                for (ScramMechanism mechanism : user.mechanisms()) {
                    names.add(new BsonString(mechanism.mechanismName()));
                }
                fields.append("saslSupportedMechs", names);
            }
        }
        BsonValue speculative = hello.get("speculativeAuthenticate");
        List<AuthFault> carried = List.of();
        if (speculative != null && speculative.isDocument()) {
            Optional<AuthReply> reply = speculativeAuthenticate(speculative.asDocument(), connection);
            if (reply.isPresent()) {
                carried = reply.get().faults();
                if (reply.get().isOk()) {
                    fields.append("speculativeAuthenticate", reply.get().fields());
                }
            }
        }
        return AuthReply.ok(fields).withFaults(carried);
    }

    private Optional<AuthReply> speculativeAuthenticate(BsonDocument command, ConnectionAuth connection) {
        if (command.isEmpty() || !command.containsKey("db") || !command.get("db").isString()) {
            return Optional.empty();
        }
        String database = command.getString("db").getValue();
        String name = command.getFirstKey();
        AuthReply reply;
        if (name.equals("saslStart")) {
            reply = saslStart(command, database, connection, true);
        } else if (name.equals("authenticate")) {
            reply = authenticate(command, database, connection);
        } else {
            return Optional.empty();
        }
        return Optional.of(reply);
    }

    // ------------------------------------------------------------------ parse errors as mongod's IDL words them

    private static AuthReply missing(String command, String field) {
        return AuthReply.error(IDL_MISSING_FIELD,
                "BSON field '" + command + "." + field + "' is missing but a required field");
    }

    private static AuthReply wrongType(String command, String field, BsonValue value, String expected) {
        return AuthReply.error(TYPE_MISMATCH, "BSON field '" + command + "." + field + "' is the wrong type '"
                + typeName(value.getBsonType()) + "', expected " + expected);
    }

    /** mongod's names for BSON types ({@code typeName} in bsontypes.cpp). */
    static String typeName(BsonType type) {
        return switch (type) {
            case DOUBLE -> "double";
            case STRING -> "string";
            case DOCUMENT -> "object";
            case ARRAY -> "array";
            case BINARY -> "binData";
            case UNDEFINED -> "undefined";
            case OBJECT_ID -> "objectId";
            case BOOLEAN -> "bool";
            case DATE_TIME -> "date";
            case NULL -> "null";
            case REGULAR_EXPRESSION -> "regex";
            case DB_POINTER -> "dbPointer";
            case JAVASCRIPT -> "javascript";
            case SYMBOL -> "symbol";
            case JAVASCRIPT_WITH_SCOPE -> "javascriptWithScope";
            case INT32 -> "int";
            case TIMESTAMP -> "timestamp";
            case INT64 -> "long";
            case DECIMAL128 -> "decimal";
            case MIN_KEY -> "minKey";
            case MAX_KEY -> "maxKey";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (AuthUser user : users.values()) {
            names.add(user.toString());
        }
        return "AuthEngine" + names;
    }
}
