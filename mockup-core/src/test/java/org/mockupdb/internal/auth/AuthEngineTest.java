package org.mockupdb.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.mockupdb.AuthenticatedUser;

/** The engine answers SCRAM and X.509 as mongod does, and bad input as mongod does. */
class AuthEngineTest {
    private static final AuthUser ALICE = AuthUser.of("alice", "secret");
    private static final AuthUser BOB_256_ONLY = AuthUser.of("bob", "hunter2", "admin", EnumSet.of(ScramMechanism.SCRAM_SHA_256));
    private static final AuthUser CAROL_OF_TEST = AuthUser.of("carol", "pw", "test", EnumSet.allOf(ScramMechanism.class));
    private final AuthEngine engine = new AuthEngine(List.of(ALICE, BOB_256_ONLY, CAROL_OF_TEST));
    private final ConnectionAuth connection = new ConnectionAuth();

    private static String describe(AuthReply reply) {
        return reply + " " + reply.document().toJson();
    }

    private static void assertError(int code, String errmsg, AuthReply reply) {
        assertFalse(reply.isOk(), "expected error " + code + ", got " + describe(reply));
        assertEquals(code, reply.code(), describe(reply));
        assertEquals(errmsg, reply.errmsg(), describe(reply));
    }

    private static void assertAuthenticationFailed(String reasonPart, AuthReply reply) {
        assertError(18, "Authentication failed.", reply);
        assertEquals("AuthenticationFailed", reply.document().getString("codeName").getValue());
        assertTrue(reply.reason().contains(reasonPart), "expected a reason with '" + reasonPart + "', got " + reply.reason());
    }

    private static BsonDocument ok(AuthReply reply) {
        assertTrue(reply.isOk(), "expected success, got " + describe(reply));
        return reply.fields();
    }

    /** Runs a whole conversation and returns the last reply's fields. */
    private BsonDocument converse(ScramClient client, String database, boolean skipEmptyExchange) {
        BsonDocument start = client.saslStart();
        if (skipEmptyExchange) {
            start.append("options", new BsonDocument("skipEmptyExchange", org.bson.BsonBoolean.TRUE));
        }
        BsonDocument first = ok(engine.saslStart(start, database, connection));
        assertEquals(new BsonInt32(1), first.get("conversationId"));
        assertFalse(first.getBoolean("done").getValue());
        assertEquals(0, first.getBinary("payload").getType(), "payload is BinData subtype 0");
        String serverFirst = ScramClient.payload(first);
        assertTrue(serverFirst.startsWith("r=" + client.clientNonce), serverFirst);
        BsonDocument second = ok(engine.saslContinue(ScramClient.saslContinue(client.clientFinal(serverFirst)), connection));
        assertEquals(client.expectedServerFinal(), ScramClient.payload(second));
        if (skipEmptyExchange) {
            assertTrue(second.getBoolean("done").getValue(), "skipEmptyExchange: done with the server signature");
            return second;
        }
        assertFalse(second.getBoolean("done").getValue(), "without skipEmptyExchange an empty round follows");
        assertFalse(connection.isAuthenticated(), "not authenticated before the empty round");
        BsonDocument third = ok(engine.saslContinue(ScramClient.saslContinue(""), connection));
        assertTrue(third.getBoolean("done").getValue());
        assertEquals("", ScramClient.payload(third));
        return third;
    }

    @Test
    void scramSha256WithTheEmptyFinalRound() {
        converse(new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "clientnonce256"), "admin", false);
        assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-256")), connection.user());
        assertFalse(connection.inConversation());
    }

    @Test
    void scramSha1SkippingTheEmptyExchange() {
        converse(new ScramClient(ScramMechanism.SCRAM_SHA_1, "alice", "secret", "clientnonce1"), "admin", true);
        assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-1")), connection.user());
    }

    @Test
    void aUserOfAnotherDatabaseAuthenticatesThereOnly() {
        converse(new ScramClient(ScramMechanism.SCRAM_SHA_256, "carol", "pw", "nonce-carol"), "test", true);
        assertEquals("carol@test", connection.user().orElseThrow().fullName());
        ConnectionAuth other = new ConnectionAuth();
        assertAuthenticationFailed("Could not find user \"carol\" for db \"admin\"",
                engine.saslStart(new ScramClient(ScramMechanism.SCRAM_SHA_256, "carol", "pw", "nonce-carol").saslStart(),
                        "admin", other));
    }

    /** The RFC 7677 exchange, byte for byte, from a user with its salt and iteration count. */
    @Test
    void theRfc7677ConversationByteForByte() {
        AuthUser user = AuthUser.withCredentials("user", "admin", List.of(ScramCredential.create(
                ScramMechanism.SCRAM_SHA_256, "user", "pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096)));
        AuthEngine vectors = new AuthEngine(List.of(user), () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        BsonDocument start = new BsonDocument("saslStart", new BsonInt32(1))
                .append("mechanism", new BsonString("SCRAM-SHA-256"))
                .append("payload", ScramClient.binary("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                ScramClient.payload(ok(vectors.saslStart(start, "admin", connection))));
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", ScramClient.payload(ok(vectors.saslContinue(
                ScramClient.saslContinue("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="), connection))));
    }

    /** MongoDB's auth spec SCRAM-SHA-1 exchange, byte for byte. */
    @Test
    void theMongodbSpecSha1ConversationByteForByte() {
        AuthUser user = AuthUser.withCredentials("user", "admin", List.of(ScramCredential.create(
                ScramMechanism.SCRAM_SHA_1, "user", "pencil", Base64.getDecoder().decode("rQ9ZY3MntBeuP3E1TDVC4w=="), 10000)));
        AuthEngine vectors = new AuthEngine(List.of(user), () -> "Ho+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE");
        BsonDocument start = new BsonDocument("saslStart", new BsonInt32(1))
                .append("mechanism", new BsonString("SCRAM-SHA-1"))
                .append("payload", ScramClient.binary("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
        assertEquals("r=fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE,s=rQ9ZY3MntBeuP3E1TDVC4w==,i=10000",
                ScramClient.payload(ok(vectors.saslStart(start, "admin", connection))));
        assertEquals("v=UMWeI25JD1yNYZRMpZ4VHvhZ9e0=", ScramClient.payload(ok(vectors.saslContinue(ScramClient.saslContinue(
                "c=biws,r=fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE,p=MC2T8BvbmWRckDw8oWl5IVghwCY="),
                connection))));
    }

    @Test
    void aWrongPasswordFailsAsMongodAndTheConversationIsOver() {
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "wrong", "nonce-wrong-pw");
        String serverFirst = ScramClient.payload(ok(engine.saslStart(client.saslStart(), "admin", connection)));
        assertAuthenticationFailed("storedKey mismatch",
                engine.saslContinue(ScramClient.saslContinue(client.clientFinal(serverFirst)), connection));
        assertFalse(connection.isAuthenticated());
        assertFalse(connection.inConversation());
        assertError(17, "No SASL session state found", engine.saslContinue(ScramClient.saslContinue(""), connection));
        assertEquals("ProtocolError", engine.saslContinue(ScramClient.saslContinue(""), connection)
                .document().getString("codeName").getValue());
    }

    @Test
    void aUserWithoutTheMechanismFailsAuthenticationAsMongodMasksIt() {
        assertAuthenticationFailed("Unable to use SCRAM-SHA-1 based authentication for user without any SCRAM-SHA-1 "
                        + "credentials registered",
                engine.saslStart(new ScramClient(ScramMechanism.SCRAM_SHA_1, "bob", "hunter2", "nonce-bob").saslStart(),
                        "admin", connection));
        converse(new ScramClient(ScramMechanism.SCRAM_SHA_256, "bob", "hunter2", "nonce-bob"), "admin", true);
    }

    @Test
    void unknownAndUnsupportedMechanisms() {
        BsonDocument start = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "n12345").saslStart();
        assertError(334, "Received authentication for mechanism PLAIN which is not enabled",
                engine.saslStart(start.clone().append("mechanism", new BsonString("PLAIN")), "admin", connection));
        AuthReply unknown = engine.saslStart(start.clone().append("mechanism", new BsonString("SCRAM-SHA-512")), "admin",
                connection);
        assertError(334, "Received authentication for mechanism SCRAM-SHA-512 which is not enabled", unknown);
        assertEquals("MechanismUnavailable", unknown.document().getString("codeName").getValue());
        assertError(2, "Unsupported mechanism 'MONGODB-X509' on authentication database 'admin'",
                engine.saslStart(start.clone().append("mechanism", new BsonString("MONGODB-X509")), "admin", connection));
        assertFalse(connection.inConversation());
    }

    @Test
    void malformedCommandsGetMongodsParseErrors() {
        BsonDocument start = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "n12345").saslStart();
        BsonDocument noPayload = start.clone();
        noPayload.remove("payload");
        assertError(40414, "BSON field 'saslStart.payload' is missing but a required field",
                engine.saslStart(noPayload, "admin", connection));
        assertError(14, "BSON field 'saslStart.payload' is the wrong type 'int', expected types '[string, binData]'",
                engine.saslStart(start.clone().append("payload", new BsonInt32(3)), "admin", connection));
        BsonDocument noMechanism = start.clone();
        noMechanism.remove("mechanism");
        assertError(40414, "BSON field 'saslStart.mechanism' is missing but a required field",
                engine.saslStart(noMechanism, "admin", connection));
        assertError(2, "skipEmptyExchange must be boolean", engine.saslStart(start.clone().append("options",
                new BsonDocument("skipEmptyExchange", new BsonInt32(1))), "admin", connection));
        assertError(40414, "BSON field 'saslContinue.conversationId' is missing but a required field",
                engine.saslContinue(new BsonDocument("saslContinue", new BsonInt32(1)), connection));
    }

    @Test
    void malformedScramMessagesFailAuthentication() {
        for (String bad : List.of("", "garbage", "p=tls-unique,,n=alice,r=abcdef", "n,,m=ext,n=alice,r=abcdef",
                "n,,n=alice", "n,,n=,r=abcdef", "n,,n=alice,r=abc", "n,a=bob,n=alice,r=abcdef")) {
            BsonDocument start = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "x").saslStart()
                    .append("payload", ScramClient.binary(bad));
            AuthReply reply = engine.saslStart(start, "admin", connection);
            assertError(18, "Authentication failed.", reply);
            assertFalse(connection.inConversation(), "after " + bad);
        }
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-malformed");
        ok(engine.saslStart(client.saslStart(), "admin", connection));
        assertAuthenticationFailed("Incorrect SCRAM ClientProof",
                engine.saslContinue(ScramClient.saslContinue("c=biws,r=x"), connection));
    }

    @Test
    void aClientNonceTheServerNonceDoesNotStartAProofCutShortOrReplayed() {
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-first");
        String serverFirst = ScramClient.payload(ok(engine.saslStart(client.saslStart(), "admin", connection)));
        String clientFinal = client.clientFinal(serverFirst);
        String ownNonceOnly = clientFinal.replaceFirst("r=[^,]*", "r=nonce-first-mine");
        assertAuthenticationFailed("Unmatched SCRAM nonce",
                engine.saslContinue(ScramClient.saslContinue(ownNonceOnly), connection));

        ok(engine.saslStart(client.saslStart(), "admin", connection));
        assertAuthenticationFailed("Unmatched SCRAM nonce", engine.saslContinue(ScramClient.saslContinue(clientFinal),
                connection), "a proof replayed into a new conversation meets a new server nonce");

        ScramClient again = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-second");
        String serverFirst2 = ScramClient.payload(ok(engine.saslStart(again.saslStart(), "admin", connection)));
        String truncated = again.clientFinal(serverFirst2);
        truncated = truncated.substring(0, truncated.length() - 8);
        assertAuthenticationFailed("storedKey mismatch",
                engine.saslContinue(ScramClient.saslContinue(truncated), connection));
        assertFalse(connection.isAuthenticated());
    }

    private static void assertAuthenticationFailed(String reasonPart, AuthReply reply, String message) {
        assertEquals(18, reply.code(), message + ": " + describe(reply));
        assertTrue(reply.reason().contains(reasonPart), message + ": " + reply.reason());
    }

    @Test
    void aWrongConversationIdEndsTheConversation() {
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-id");
        String serverFirst = ScramClient.payload(ok(engine.saslStart(client.saslStart(), "admin", connection)));
        BsonDocument wrongId = ScramClient.saslContinue(client.clientFinal(serverFirst)).append("conversationId", new BsonInt32(2));
        assertError(17, "sasl: Mismatched conversation id", engine.saslContinue(wrongId, connection));
        assertFalse(connection.inConversation());
    }

    @Test
    void aBase64StringPayloadIsAnsweredInKind() {
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-b64");
        BsonDocument start = client.saslStart().append("payload",
                new BsonString(Base64.getEncoder().encodeToString(client.clientFirst().getBytes())));
        BsonDocument reply = ok(engine.saslStart(start, "admin", connection));
        assertTrue(reply.get("payload").isString(), reply.toJson());
    }

    @Test
    void injectedFaultsTouchOneConversationEach() {
        engine.injectFault(AuthFault.WRONG_SERVER_NONCE);
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-fault");
        String faulty = ScramClient.payload(ok(engine.saslStart(client.saslStart(), "admin", connection)));
        assertFalse(faulty.startsWith("r=nonce-fault"), faulty);
        String fine = ScramClient.payload(ok(engine.saslStart(client.saslStart(), "admin", connection)));
        assertTrue(fine.startsWith("r=nonce-fault"), "the fault is spent: " + fine);

        engine.injectFault(AuthFault.WRONG_SERVER_SIGNATURE);
        BsonDocument signed = ok(engine.saslContinue(ScramClient.saslContinue(client.clientFinal(fine)), connection));
        assertNotEquals(client.expectedServerFinal(), ScramClient.payload(signed));
        assertTrue(ScramClient.payload(signed).startsWith("v="));
    }

    @Test
    void saslSupportedMechsInTheHello() {
        BsonDocument hello = new BsonDocument("hello", new BsonInt32(1));
        assertEquals(new BsonArray(List.of(new BsonString("SCRAM-SHA-1"), new BsonString("SCRAM-SHA-256"))),
                ok(engine.helloFields(hello.clone().append("saslSupportedMechs", new BsonString("admin.alice")), connection))
                        .get("saslSupportedMechs"));
        assertEquals(new BsonArray(List.of(new BsonString("SCRAM-SHA-256"))),
                ok(engine.helloFields(hello.clone().append("saslSupportedMechs", new BsonString("admin.bob")), connection))
                        .get("saslSupportedMechs"));
        assertTrue(ok(engine.helloFields(hello.clone().append("saslSupportedMechs", new BsonString("admin.nobody")),
                connection)).isEmpty(), "an unknown user: no field");
        assertTrue(ok(engine.helloFields(hello.clone().append("saslSupportedMechs", new BsonString("test.alice")),
                connection)).isEmpty(), "alice is a user of admin, not test");
        assertError(2, "username must contain a '.' separated database.user pair",
                engine.helloFields(hello.clone().append("saslSupportedMechs", new BsonString("alice")), connection));
        assertTrue(ok(engine.helloFields(hello, connection)).isEmpty());
    }

    @Test
    void speculativeSaslStartInTheHelloThenSaslContinue() {
        ScramClient client = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-spec");
        BsonDocument speculative = client.saslStart().append("db", new BsonString("admin"))
                .append("options", new BsonDocument("skipEmptyExchange", org.bson.BsonBoolean.TRUE));
        BsonDocument fields = ok(engine.helloFields(new BsonDocument("hello", new BsonInt32(1))
                .append("speculativeAuthenticate", speculative), connection));
        BsonDocument spec = fields.getDocument("speculativeAuthenticate");
        assertEquals(new BsonInt32(1), spec.get("conversationId"));
        assertFalse(spec.getBoolean("done").getValue());
        BsonDocument last = ok(engine.saslContinue(ScramClient.saslContinue(client.clientFinal(ScramClient.payload(spec))),
                connection));
        assertTrue(last.getBoolean("done").getValue());
        assertEquals("alice@admin", connection.user().orElseThrow().fullName());
    }

    @Test
    void aSpeculativeStartWithoutDbOrThatFailsLeavesTheHelloAlone() {
        BsonDocument noDb = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-nodb").saslStart();
        assertTrue(ok(engine.helloFields(new BsonDocument("hello", new BsonInt32(1))
                .append("speculativeAuthenticate", noDb), connection)).isEmpty());
        BsonDocument unknownUser = new ScramClient(ScramMechanism.SCRAM_SHA_256, "zed", "x", "nonce-zed").saslStart()
                .append("db", new BsonString("admin"));
        assertTrue(ok(engine.helloFields(new BsonDocument("hello", new BsonInt32(1))
                .append("speculativeAuthenticate", unknownUser), connection)).isEmpty());
        assertFalse(connection.inConversation());
    }

    // ------------------------------------------------------------------ X.509

    private static final String SUBJECT = "CN=client,OU=Clients,O=MockupDB";

    private static BsonDocument x509(String user) {
        BsonDocument command = new BsonDocument("authenticate", new BsonInt32(1))
                .append("mechanism", new BsonString("MONGODB-X509"));
        return user == null ? command : command.append("user", new BsonString(user));
    }

    @Test
    void x509AuthenticatesTheCertificateSubject() {
        ConnectionAuth tls = new ConnectionAuth(SUBJECT);
        BsonDocument reply = ok(engine.authenticate(x509(null), "$external", tls));
        assertEquals(new BsonDocument("dbname", new BsonString("$external")).append("user", new BsonString(SUBJECT)), reply);
        assertEquals(Optional.of(new AuthenticatedUser(SUBJECT, "$external", "MONGODB-X509")), tls.user());
        ok(engine.authenticate(x509(SUBJECT), "$external", new ConnectionAuth(SUBJECT)));
    }

    @Test
    void x509Failures() {
        assertAuthenticationFailed("No verified subject name", engine.authenticate(x509(null), "$external", connection));
        assertAuthenticationFailed("There is no x.509 client certificate matching the user",
                engine.authenticate(x509("CN=someone else"), "$external", new ConnectionAuth(SUBJECT)));
        assertError(17, "X.509 authentication must always use the $external database.",
                engine.authenticate(x509(null), "admin", new ConnectionAuth(SUBJECT)));
        assertError(334, "Received authentication for mechanism MONGODB-CR which is not enabled", engine.authenticate(
                x509(null).append("mechanism", new BsonString("MONGODB-CR")), "admin", connection));
        AuthEngine declared = new AuthEngine(List.of(AuthUser.x509("CN=only,O=MockupDB")));
        assertAuthenticationFailed("Could not find user", declared.authenticate(x509(null), "$external",
                new ConnectionAuth(SUBJECT)));
        assertEquals("CN=only,O=MockupDB", ok(declared.authenticate(x509(null), "$external",
                new ConnectionAuth("CN=only,O=MockupDB"))).getString("user").getValue());
    }

    @Test
    void speculativeX509InTheHello() {
        ConnectionAuth tls = new ConnectionAuth(SUBJECT);
        BsonDocument fields = ok(engine.helloFields(new BsonDocument("hello", new BsonInt32(1)).append(
                "speculativeAuthenticate", x509(null).append("db", new BsonString("$external"))), tls));
        assertEquals(SUBJECT, fields.getDocument("speculativeAuthenticate").getString("user").getValue());
        assertTrue(tls.isAuthenticated());
    }

    // ------------------------------------------------------------------ the gate

    @Test
    void theGateLetsTheHandshakeAndAuthenticationThroughAndNothingElseUntilAuthenticated() {
        for (String allowed : List.of("hello", "isMaster", "ismaster", "saslStart", "saslContinue", "authenticate",
                "ping", "buildInfo")) {
            assertTrue(AuthGate.check(allowed, connection).isEmpty(), allowed);
        }
        AuthReply find = AuthGate.check("find", connection).orElseThrow();
        assertError(13, "Command find requires authentication", find);
        assertEquals("Unauthorized", find.document().getString("codeName").getValue());
        converse(new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "nonce-gate"), "admin", true);
        assertTrue(AuthGate.check("find", connection).isEmpty());
        ok(engine.handle("logout", new BsonDocument("logout", new BsonInt32(1)), "admin", connection).orElseThrow());
        assertFalse(connection.isAuthenticated());
        assertTrue(AuthGate.check("insert", connection).isPresent());
    }
}
