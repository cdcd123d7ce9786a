package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.mockupdb.internal.auth.ScramClient;
import org.mockupdb.internal.auth.ScramMechanism;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireMessage;

/** Authentication wired into the server, over raw sockets: the gate, the commands, the hello, the faults, the API. */
class AuthServerTest {

    private static BsonDocument body(RawClient client) {
        return ((WireMessage.Msg) client.read().message()).body();
    }

    private static BsonDocument command(RawClient client, BsonDocument command, String database) {
        BsonDocument doc = command.clone().append("$db", new BsonString(database));
        client.send(WireEncoder.msg(RawClient.nextId(), 0, 0, doc, java.util.Map.of()));
        return body(client);
    }

    /** A whole SCRAM-SHA-256 conversation; returns the last reply. */
    private static BsonDocument authenticate(RawClient client, String user, String password, String database) {
        ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, user, password, "clientNonceOfTwentyFour");
        BsonDocument first = command(client, scram.saslStart(), database);
        assertEquals(1.0, first.get("ok").asNumber().doubleValue(), first.toJson());
        String serverFinal = scram.clientFinal(ScramClient.payload(first));
        BsonDocument second = command(client, ScramClient.saslContinue(serverFinal), database);
        if (second.get("ok").asNumber().intValue() != 1) {
            return second;
        }
        assertEquals(scram.expectedServerFinal(), ScramClient.payload(second));
        return command(client, ScramClient.saslContinue(""), database);
    }

    @Test
    void commandsBeforeAuthenticationGetUnauthorizedAndNeverReachTheTest() {
        try (MockupServer server = MockupServer.builder().user("alice", "secret").start();
             RawClient client = new RawClient(server)) {
            BsonDocument refused = command(client, new BsonDocument("find", new BsonString("c")), "db");
            assertEquals(13, refused.getInt32("code").getValue(), refused.toJson());
            assertEquals("Unauthorized", refused.getString("codeName").getValue());
            assertEquals("Command find requires authentication", refused.getString("errmsg").getValue());
            assertEquals(List.of(), server.pendingRequests());
            BsonDocument hello = command(client, new BsonDocument("hello", new BsonInt32(1)), "admin");
            assertEquals(1.0, hello.get("ok").asNumber().doubleValue(), hello.toJson());
        }
    }

    @Test
    void legacyMessagesBeforeAuthenticationGetUnauthorized() {
        try (MockupServer server = MockupServer.builder().user("alice", "secret").start();
             RawClient client = new RawClient(server)) {
            client.send(WireEncoder.query(RawClient.nextId(), 0, "db.c", 0, 0, new BsonDocument(), null));
            WireMessage.Reply reply = (WireMessage.Reply) client.read().message();
            assertEquals(Reply.QUERY_FAILURE, reply.responseFlags() & Reply.QUERY_FAILURE);
            assertEquals(new BsonDocument("$err", new BsonString("not authorized for query on db.c"))
                    .append("code", new BsonInt32(13)), reply.documents().get(0));
            assertEquals(List.of(), server.pendingRequests());
        }
    }

    @Test
    void aConnectionThatAuthenticatedReachesTheTestAndItsRequestsSayAsWhom() {
        try (MockupServer server = MockupServer.builder().user(MockupUser.scram("bob", "pw").database("app")).start();
             RawClient client = new RawClient(server)) {
            BsonDocument done = authenticate(client, "bob", "pw", "app");
            assertTrue(done.getBoolean("done").getValue(), done.toJson());
            client.sendMsg(new Document("count", "c"));
            Request count = server.receives(Spec.command("count"));
            assertEquals(Optional.of(new AuthenticatedUser("bob", "app", "SCRAM-SHA-256")), count.authenticatedUser());
            count.ok(new Document("n", 3));
            assertEquals(3, body(client).getInt32("n").getValue());
            List<Request> sasl = server.requests().stream().filter(r -> r.commandName().orElse("").startsWith("sasl")).toList();
            assertEquals(3, sasl.size(), sasl.toString());
            sasl.forEach(r -> assertEquals(Optional.empty(), r.authenticatedUser(), "before authentication: " + r));
            assertTrue(server.transcript().contains("authenticated as bob@app (SCRAM-SHA-256)"), server.transcript());

            BsonDocument logout = command(client, new BsonDocument("logout", new BsonInt32(1)), "app");
            assertEquals(1.0, logout.get("ok").asNumber().doubleValue(), logout.toJson());
            assertEquals(13, command(client, new BsonDocument("count", new BsonString("c")), "db").getInt32("code").getValue());
        }
    }

    @Test
    void aWrongPasswordIsAuthenticationFailedAndTheConnectionStaysUnauthenticated() {
        try (MockupServer server = MockupServer.builder().user("alice", "secret").start();
             RawClient client = new RawClient(server)) {
            BsonDocument failed = authenticate(client, "alice", "nope", "admin");
            assertEquals(18, failed.getInt32("code").getValue(), failed.toJson());
            assertEquals("Authentication failed.", failed.getString("errmsg").getValue());
            assertEquals(13, command(client, new BsonDocument("find", new BsonString("c")), "db").getInt32("code").getValue());
            assertTrue(server.transcript().contains("storedKey mismatch"), server.transcript());
        }
    }

    @Test
    void badSaslInputGetsMongodsErrorsAndTheServerServesTheNextClient() {
        try (MockupServer server = MockupServer.builder().user("alice", "secret").start()) {
            try (RawClient client = new RawClient(server)) {
                BsonDocument garbage = command(client, new BsonDocument("saslStart", new BsonInt32(1))
                        .append("mechanism", new BsonString("SCRAM-SHA-256"))
                        .append("payload", ScramClient.binary("not a SCRAM message")), "admin");
                assertEquals(18, garbage.getInt32("code").getValue(), garbage.toJson());
                BsonDocument unknown = command(client, new BsonDocument("saslStart", new BsonInt32(1))
                        .append("mechanism", new BsonString("PLAIN"))
                        .append("payload", ScramClient.binary("x")), "admin");
                assertEquals(334, unknown.getInt32("code").getValue(), unknown.toJson());
                BsonDocument noSession = command(client, ScramClient.saslContinue("c=biws,r=x,p=eA=="), "admin");
                assertEquals(17, noSession.getInt32("code").getValue(), noSession.toJson());
                assertEquals(13, command(client, new BsonDocument("find", new BsonString("c")), "db")
                        .getInt32("code").getValue(), "still unauthenticated");
            }
            try (RawClient next = new RawClient(server)) {
                assertTrue(authenticate(next, "alice", "secret", "admin").getBoolean("done").getValue());
            }
        }
    }

    @Test
    void theHelloAdvertisesMechanismsAndAnswersSpeculativeAuthenticationFromWireVersion9() {
        ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "clientNonceOfTwentyFour");
        BsonDocument speculative = scram.saslStart().append("db", new BsonString("admin"));
        BsonDocument hello = new BsonDocument("hello", new BsonInt32(1))
                .append("saslSupportedMechs", new BsonString("admin.alice"))
                .append("speculativeAuthenticate", speculative);
        try (MockupServer server = MockupServer.builder().user("alice", "secret").start();
             RawClient client = new RawClient(server)) {
            BsonDocument reply = command(client, hello, "admin");
            assertEquals(List.of(new BsonString("SCRAM-SHA-1"), new BsonString("SCRAM-SHA-256")),
                    reply.getArray("saslSupportedMechs").getValues(), reply.toJson());
            assertTrue(reply.getDocument("speculativeAuthenticate").containsKey("payload"), reply.toJson());
            assertEquals("ok", reply.keySet().stream().reduce((a, b) -> b).orElseThrow(), "ok stays last: " + reply.toJson());
        }
        try (MockupServer server = MockupServer.builder().maxWireVersion(8).user("alice", "secret").start();
             RawClient client = new RawClient(server)) {
            BsonDocument reply = command(client, hello, "admin");
            assertTrue(reply.containsKey("saslSupportedMechs"), reply.toJson());
            assertFalse(reply.containsKey("speculativeAuthenticate"), "MongoDB 4.2 did not answer it: " + reply.toJson());
        }
    }

    @Test
    void faultsAreCarriedOutOnceEachAndNamedInTheTranscript() {
        try (MockupServer server = MockupServer.builder().user("alice", "secret").start()) {
            server.authFaults().hangUpAfterSaslStart().delayBeforeSaslContinue(Duration.ofMillis(200));
            try (RawClient client = new RawClient(server)) {
                ScramClient scram = new ScramClient(ScramMechanism.SCRAM_SHA_256, "alice", "secret", "clientNonceOfTwentyFour");
                command(client, scram.saslStart(), "admin");
                client.send(WireEncoder.msg(RawClient.nextId(), 0, 0, ScramClient.saslContinue("c=biws,r=x,p=eA==")
                        .append("$db", new BsonString("admin")), java.util.Map.of()));
                assertTrue(client.isClosedByServer(), "the server hung up after saslStart");
            }
            try (RawClient client = new RawClient(server)) {
                long start = System.nanoTime();
                BsonDocument done = authenticate(client, "alice", "secret", "admin");
                assertTrue(done.getBoolean("done").getValue(), done.toJson());
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 200, "delayed once");
            }
            String transcript = server.transcript();
            assertTrue(transcript.contains("auth fault (authFaults().hangUpAfterSaslStart())"), transcript);
            assertTrue(transcript.contains("auth fault (authFaults().delayBeforeSaslContinue())"), transcript);
        }
    }

    private static RawClient tlsClient(MockupServer server, SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.port());
        socket.startHandshake();
        return new RawClient(socket);
    }

    private static BsonDocument x509Authenticate() {
        return new BsonDocument("authenticate", new BsonInt32(1))
                .append("mechanism", new BsonString("MONGODB-X509"));
    }

    @Test
    void x509AuthenticatesTheSubjectOfTheCertificateTheTlsServerAskedFor() throws IOException {
        try (MockupServer server = MockupServer.builder().tls().x509().start()) {
            try (RawClient client = tlsClient(server, MockupTls.clientCertificateContext())) {
                BsonDocument reply = command(client, x509Authenticate(), "$external");
                assertEquals(new BsonString(MockupTls.clientCertificateSubject()), reply.get("user"), reply.toJson());
                client.sendMsg(new Document("count", "c"));
                Request count = server.receives(Spec.command("count"));
                assertEquals(Optional.of(new AuthenticatedUser(MockupTls.clientCertificateSubject(), "$external",
                        "MONGODB-X509")), count.authenticatedUser());
                count.ok();
            }
            try (RawClient client = tlsClient(server, MockupTls.clientContext())) {
                BsonDocument refused = command(client, x509Authenticate(), "$external");
                assertEquals(18, refused.getInt32("code").getValue(), "no certificate: " + refused.toJson());
            }
        }
        try (MockupServer server = MockupServer.builder().tls().user("alice", "secret").start();
             RawClient client = tlsClient(server, MockupTls.clientCertificateContext())) {
            BsonDocument refused = command(client, x509Authenticate(), "$external");
            assertEquals(18, refused.getInt32("code").getValue(),
                    "a server without x509() asks for no certificate: " + refused.toJson());
        }
    }

    @Test
    void aServerWithoutUsersDoesNotAuthenticate() {
        try (MockupServer server = new MockupServer().start();
             RawClient client = new RawClient(server)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, server::authFaults);
            assertTrue(e.getMessage().contains("has none"), e.getMessage());
            client.sendMsg(new Document("saslStart", 1));
            Request request = server.receives(Spec.command("saslStart"));
            assertEquals(Optional.empty(), request.authenticatedUser());
            request.ok();
        }
    }

    @Test
    void theBuilderAndMockupUserRefuseWhatCannotWork() {
        IllegalArgumentException noTls = assertThrows(IllegalArgumentException.class,
                () -> MockupServer.builder().x509().build());
        assertTrue(noTls.getMessage().contains("expected tls()"), noTls.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MockupServer.builder().x509User("CN=x").build());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> MockupServer.builder().user("a", "b").user("a", "c").build());
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
        IllegalArgumentException mechanism = assertThrows(IllegalArgumentException.class,
                () -> MockupUser.scram("a", "b").mechanisms("PLAIN"));
        assertTrue(mechanism.getMessage().contains("got \"PLAIN\""), mechanism.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MockupUser.x509("CN=x").database("admin"));
        assertThrows(IllegalArgumentException.class, () -> MockupUser.scram("a", "b").database("$external"));
        MockupUser user = MockupUser.scram("a", "b").database("app").mechanisms(MockupUser.SCRAM_SHA_256);
        assertEquals("MockupUser(a@app [SCRAM-SHA-256])", user.toString());
        assertEquals(List.of("MONGODB-X509"), MockupUser.x509("CN=x").mechanisms());
    }
}
