package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.internal.auth.AuthEngine;
import org.mockupdb.internal.auth.AuthFault;
import org.mockupdb.internal.auth.AuthUser;
import org.mockupdb.internal.auth.AuthenticatedUser;
import org.mockupdb.internal.auth.ScramMechanism;

/**
 * The Java driver authenticates against the SCRAM engine as against mongod: SCRAM-SHA-256 and
 * SCRAM-SHA-1 over saslStart/saslContinue, the mechanism negotiated from saslSupportedMechs,
 * speculative authentication in the handshake, a wrong password refused with code 18, an
 * unauthenticated command refused with 13, and the engine's mid-conversation faults.
 */
class ScramDriverTest {
    private static final int READ_TIMEOUT_SECONDS = 20;
    private static final AuthUser ALICE = AuthUser.of("alice", "secret");
    private static final AuthUser CARL_SHA1_ONLY = AuthUser.of("carl", "pa55", "admin", EnumSet.of(ScramMechanism.SCRAM_SHA_1));
    private static final AuthUser DORA_OF_APP = AuthUser.of("dora", "pw", "app", EnumSet.allOf(ScramMechanism.class));

    private final MockupServer server = MockupServer.builder().start();
    private final AuthWiring wiring = AuthWiring.install(server, new AuthEngine(List.of(ALICE, CARL_SHA1_ONLY, DORA_OF_APP)));
    private MongoClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private MongoClient connect(MongoCredential credential) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri() + "/?retryReads=false&retryWrites=false"))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        if (credential != null) {
            settings.credential(credential);
        }
        client = MongoClients.create(settings.build());
        return client;
    }

    /** Runs {count: "c"} through the driver, answers it from the queue, and returns its request. */
    private Request countAnsweredFromTheQueue(MongoClient client) {
        Outcome<Document> count = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
        Request request = server.receives(Spec.command("count"));
        request.ok(new Document("n", 7));
        assertEquals(7, count.get().getInteger("n"));
        return request;
    }

    private List<Request> requestsNamed(String name) {
        return server.requests().stream().filter(r -> r.commandName().orElse("").equals(name)).toList();
    }

    @Test
    void scramSha256OverSaslStartAndSaslContinue() {
        wiring.speculative(false);
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createScramSha256Credential(
                "alice", "admin", "secret".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-256")), wiring.auth(count).user());
        List<Request> starts = requestsNamed("saslStart");
        assertEquals(1, starts.size(), "one saslStart: " + starts);
        assertEquals("SCRAM-SHA-256", starts.get(0).body().getString("mechanism").getValue());
        assertEquals(count.connection().id(), starts.get(0).connection().id(), "authenticated on the connection it used");
    }

    @Test
    void scramSha1OverSaslStartAndSaslContinue() {
        wiring.speculative(false);
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createScramSha1Credential(
                "alice", "admin", "secret".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-1")), wiring.auth(count).user());
        assertEquals("SCRAM-SHA-1", requestsNamed("saslStart").get(0).body().getString("mechanism").getValue());
    }

    @Test
    void theMechanismIsNegotiatedFromSaslSupportedMechs() {
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createCredential(
                "carl", "admin", "pa55".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("carl", "admin", "SCRAM-SHA-1")), wiring.auth(count).user());
        assertTrue(server.requests().stream().anyMatch(r -> r.connection().id() == count.connection().id()
                        && r.body().containsKey("saslSupportedMechs")
                        && r.body().getString("saslSupportedMechs").getValue().equals("admin.carl")),
                "the driver asked for admin.carl's mechanisms in its handshake: " + server.requests());
        // Its speculative SCRAM-SHA-256 start failed quietly, as mongod's does; then SCRAM-SHA-1 from the list.
        List<Request> starts = requestsNamed("saslStart");
        assertEquals(1, starts.size(), starts.toString());
        assertEquals("SCRAM-SHA-1", starts.get(0).body().getString("mechanism").getValue());
    }

    @Test
    void speculativeAuthenticationNeedsNoSaslStart() {
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createCredential(
                "dora", "app", "pw".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("dora", "app", "SCRAM-SHA-256")), wiring.auth(count).user());
        assertEquals(List.of(), requestsNamed("saslStart"), "speculative authentication needs no saslStart");
        assertFalse(requestsNamed("saslContinue").isEmpty(), "the conversation went on with saslContinue");
        assertTrue(server.requests().stream().anyMatch(r -> r.connection().id() == count.connection().id()
                && r.body().containsKey("speculativeAuthenticate")), "the handshake carried speculativeAuthenticate");
    }

    @Test
    void aWrongPasswordIsRefusedWithCode18() {
        MongoClient client = connect(MongoCredential.createScramSha256Credential("alice", "admin", "wrong".toCharArray()));
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
        assertEquals("AuthenticationFailed", cause.getErrorCodeName());
        assertEquals("Authentication failed.", cause.getErrorMessage());
        assertTrue(server.pendingRequests().isEmpty(), "the count never reached the server: " + server.pendingRequests());
    }

    @Test
    void anUnauthenticatedCommandIsRefusedWith13() {
        MongoClient client = connect(null);
        MongoCommandException e = assertThrows(MongoCommandException.class,
                () -> client.getDatabase("db").runCommand(new Document("find", "c")));
        assertEquals(13, e.getErrorCode(), e.toString());
        assertEquals("Unauthorized", e.getErrorCodeName());
        assertEquals("Command find requires authentication", e.getErrorMessage());
    }

    @Test
    void aWrongServerNonceIsRefusedByTheDriver() {
        wiring.engine().injectFault(AuthFault.WRONG_SERVER_NONCE);
        MongoClient client = connect(MongoCredential.createScramSha256Credential("alice", "admin", "secret".toCharArray()));
        long start = System.nanoTime();
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        assertWellUnderTheReadTimeout(start, e);
        assertTrue(String.valueOf(e.getCause()).toLowerCase().contains("nonce"), "expected the driver to name the nonce: " + e);
    }

    @Test
    void aWrongServerSignatureIsRefusedByTheDriver() {
        wiring.engine().injectFault(AuthFault.WRONG_SERVER_SIGNATURE);
        MongoClient client = connect(MongoCredential.createScramSha256Credential("alice", "admin", "secret".toCharArray()));
        long start = System.nanoTime();
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        assertWellUnderTheReadTimeout(start, e);
        assertTrue(String.valueOf(e.getCause()).toLowerCase().contains("signature"),
                "expected the driver to name the server signature: " + e);
    }

    /** Router-level faults, done here with a responder: a hang-up in place of saslContinue's reply. */
    @Test
    void aHangUpAfterSaslStartIsSeenAtOnce() {
        server.autoResponds(Spec.command("saslContinue"), Reply.hangUp());
        MongoClient client = connect(MongoCredential.createScramSha256Credential("alice", "admin", "secret".toCharArray()));
        long start = System.nanoTime();
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        assertWellUnderTheReadTimeout(start, e);
        assertInstanceOf(MongoSocketException.class, e.getCause(), e.toString());
    }

    @Test
    void aDelayBeforeSaslContinuesReplyOnlySlowsAuthentication() {
        Duration delay = Duration.ofMillis(500);
        server.autoResponds(Spec.command("saslContinue"), request -> request.reply(wiring.engine()
                .saslContinue(request.body(), wiring.auth(request)).toReply().delayedBy(delay)));
        long start = System.nanoTime();
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createScramSha256Credential(
                "alice", "admin", "secret".toCharArray())));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(delay) >= 0, "authentication took " + took + ", expected at least the " + delay + " delay");
        assertTrue(wiring.auth(count).isAuthenticated());
    }

    private static void assertWellUnderTheReadTimeout(long startNanos, Throwable e) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(Duration.ofSeconds(READ_TIMEOUT_SECONDS).dividedBy(4)) < 0,
                "the driver failed in " + took + ", expected well under its " + READ_TIMEOUT_SECONDS
                        + " s read timeout: " + e);
    }
}
