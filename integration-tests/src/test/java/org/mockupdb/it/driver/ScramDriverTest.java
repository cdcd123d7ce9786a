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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.AuthenticatedUser;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupUser;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * The Java driver authenticates against a server built with users as against mongod:
 * SCRAM-SHA-256 and SCRAM-SHA-1 over saslStart/saslContinue, the mechanism negotiated from
 * saslSupportedMechs, speculative authentication in the handshake, a wrong password refused with
 * code 18, an unauthenticated command refused with 13, and each mid-conversation fault of
 * {@code authFaults()} seen by the driver well under its timeouts.
 */
class ScramDriverTest {
    private static final int READ_TIMEOUT_SECONDS = 20;
    /** MongoDB 4.2's wire version: the server does not answer speculativeAuthenticate, so the driver runs saslStart. */
    private static final int BEFORE_SPECULATIVE_AUTHENTICATION = 8;

    private MockupServer server;
    private MongoClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private MockupServer start(int maxWireVersion) {
        server = MockupServer.builder()
                .maxWireVersion(maxWireVersion)
                .user("alice", "secret")
                .user(MockupUser.scram("carl", "pa55").mechanisms(MockupUser.SCRAM_SHA_1))
                .user(MockupUser.scram("dora", "pw").database("app"))
                .start();
        return server;
    }

    private MockupServer start() {
        return start(MockupServer.DEFAULT_MAX_WIRE_VERSION);
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

    private static MongoCredential alice256() {
        return MongoCredential.createScramSha256Credential("alice", "admin", "secret".toCharArray());
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
        start(BEFORE_SPECULATIVE_AUTHENTICATION);
        Request count = countAnsweredFromTheQueue(connect(alice256()));
        assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-256")), count.authenticatedUser());
        List<Request> starts = requestsNamed("saslStart");
        assertEquals(1, starts.size(), "one saslStart: " + starts);
        assertEquals("SCRAM-SHA-256", starts.get(0).body().getString("mechanism").getValue());
        assertEquals(count.connection().id(), starts.get(0).connection().id(), "authenticated on the connection it used");
        assertEquals(Optional.empty(), starts.get(0).authenticatedUser(), "saslStart came before authentication");
        assertTrue(server.transcript().contains("authenticated as alice@admin (SCRAM-SHA-256)"), server.transcript());
    }

    @Test
    void scramSha1OverSaslStartAndSaslContinue() {
        start(BEFORE_SPECULATIVE_AUTHENTICATION);
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createScramSha1Credential(
                "alice", "admin", "secret".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-1")), count.authenticatedUser());
        assertEquals("SCRAM-SHA-1", requestsNamed("saslStart").get(0).body().getString("mechanism").getValue());
    }

    @Test
    void theMechanismIsNegotiatedFromSaslSupportedMechs() {
        start();
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createCredential(
                "carl", "admin", "pa55".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("carl", "admin", "SCRAM-SHA-1")), count.authenticatedUser());
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
        start();
        Request count = countAnsweredFromTheQueue(connect(MongoCredential.createCredential(
                "dora", "app", "pw".toCharArray())));
        assertEquals(Optional.of(new AuthenticatedUser("dora", "app", "SCRAM-SHA-256")), count.authenticatedUser());
        assertEquals(List.of(), requestsNamed("saslStart"), "speculative authentication needs no saslStart");
        assertFalse(requestsNamed("saslContinue").isEmpty(), "the conversation went on with saslContinue");
        assertTrue(server.requests().stream().anyMatch(r -> r.connection().id() == count.connection().id()
                && r.body().containsKey("speculativeAuthenticate")), "the handshake carried speculativeAuthenticate");
    }

    @Test
    void everyPoolConnectionAuthenticates() {
        start();
        MongoClient client = connect(alice256());
        // Two commands at once need two pool connections; the server answers both only when both are here.
        Outcome<Document> first = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "a")));
        Outcome<Document> second = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "b")));
        Request one = server.receives(Spec.command("count"));
        Request two = server.receives(Spec.command("count"));
        one.ok(new Document("n", 1));
        two.ok(new Document("n", 2));
        first.get();
        second.get();
        assertTrue(one.connection().id() != two.connection().id(), "two connections: " + one + ", " + two);
        for (Request r : List.of(one, two)) {
            assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-256")), r.authenticatedUser(),
                    "connection " + r.connection().id() + " authenticated");
        }
        Set<Integer> authenticatedConnections = requestsNamed("saslContinue").stream()
                .map(r -> r.connection().id()).collect(Collectors.toSet());
        assertTrue(authenticatedConnections.containsAll(Set.of(one.connection().id(), two.connection().id())),
                "each pool connection ran its own conversation: " + authenticatedConnections);
    }

    @Test
    void aWrongPasswordIsRefusedWithCode18() {
        start();
        MongoClient client = connect(MongoCredential.createScramSha256Credential("alice", "admin", "wrong".toCharArray()));
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
        assertEquals("AuthenticationFailed", cause.getErrorCodeName());
        assertEquals("Authentication failed.", cause.getErrorMessage());
        assertTrue(server.pendingRequests().isEmpty(), "the count never reached the server: " + server.pendingRequests());
        assertTrue(server.transcript().contains("authentication failed: SCRAM-SHA-256 conversation failed: SCRAM "
                + "authentication failed, storedKey mismatch"), "the transcript says why: " + server.transcript());
    }

    @Test
    void aMechanismTheUserLacksIsRefusedWithCode18() {
        start(BEFORE_SPECULATIVE_AUTHENTICATION);
        MongoClient client = connect(MongoCredential.createScramSha256Credential("carl", "admin", "pa55".toCharArray()));
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
        assertTrue(server.transcript().contains("without any SCRAM-SHA-256 credentials"), server.transcript());
    }

    @Test
    void anUnauthenticatedCommandIsRefusedWith13() {
        start();
        MongoClient client = connect(null);
        MongoCommandException e = assertThrows(MongoCommandException.class,
                () -> client.getDatabase("db").runCommand(new Document("find", "c")));
        assertEquals(13, e.getErrorCode(), e.toString());
        assertEquals("Unauthorized", e.getErrorCodeName());
        assertEquals("Command find requires authentication", e.getErrorMessage());
        assertTrue(server.pendingRequests().isEmpty(), "the test never saw the find: " + server.pendingRequests());
        // ping needs no authentication, as in mongod: it reaches the test.
        Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        server.receives(Spec.command("ping")).ok();
        assertEquals(1.0, ping.get().get("ok", Number.class).doubleValue());
    }

    @Test
    void aWrongServerNonceIsRefusedByTheDriver() {
        start().authFaults().wrongServerNonce();
        MongoClient client = connect(alice256());
        long start = System.nanoTime();
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        assertWellUnderTheReadTimeout(start, e);
        assertTrue(String.valueOf(e.getCause()).toLowerCase().contains("nonce"), "expected the driver to name the nonce: " + e);
        assertTrue(server.transcript().contains("auth fault (authFaults().wrongServerNonce())"), server.transcript());
    }

    @Test
    void aWrongServerSignatureIsRefusedByTheDriver() {
        start().authFaults().wrongServerSignature();
        MongoClient client = connect(alice256());
        long start = System.nanoTime();
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        assertWellUnderTheReadTimeout(start, e);
        assertTrue(String.valueOf(e.getCause()).toLowerCase().contains("signature"),
                "expected the driver to name the server signature: " + e);
        assertTrue(server.transcript().contains("auth fault (authFaults().wrongServerSignature())"), server.transcript());
    }

    @Test
    void aHangUpAfterSaslStartIsSeenAtOnce() {
        start(BEFORE_SPECULATIVE_AUTHENTICATION).authFaults().hangUpAfterSaslStart();
        MongoClient client = connect(alice256());
        long start = System.nanoTime();
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        assertWellUnderTheReadTimeout(start, e);
        assertInstanceOf(MongoSocketException.class, e.getCause(), e.toString());
        assertEquals(1, requestsNamed("saslStart").size(), "the saslStart was answered: " + server.requests());
        assertTrue(server.transcript().contains("auth fault (authFaults().hangUpAfterSaslStart())"), server.transcript());
    }

    @Test
    void aDelayBeforeSaslContinuesReplyOnlySlowsAuthentication() {
        Duration delay = Duration.ofMillis(500);
        start().authFaults().delayBeforeSaslContinue(delay);
        long start = System.nanoTime();
        Request count = countAnsweredFromTheQueue(connect(alice256()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(delay) >= 0, "authentication took " + took + ", expected at least the " + delay + " delay");
        assertTrue(count.authenticatedUser().isPresent(), count.toString());
        assertTrue(server.transcript().contains("auth fault (authFaults().delayBeforeSaslContinue())"), server.transcript());
    }

    @Test
    void aTestsOwnSaslContinueResponderComesBeforeTheServersAuthentication() {
        start();
        server.autoResponds("saslContinue", Reply.commandError(18, "Authentication failed."));
        MongoClient client = connect(alice256());
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
    }

    private static void assertWellUnderTheReadTimeout(long startNanos, Throwable e) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        assertTrue(took.compareTo(Duration.ofSeconds(READ_TIMEOUT_SECONDS).dividedBy(4)) < 0,
                "the driver failed in " + took + ", expected well under its " + READ_TIMEOUT_SECONDS
                        + " s read timeout: " + e);
    }
}
