package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;

/**
 * TLS faults with real clients: a hang-up over TLS that the client must notice at once instead of
 * waiting for its socket timeout, and a client that speaks TLS to a plain server, or plain
 * MongoDB to a TLS server, which gets an error while the server names it and serves the next.
 */
class ClientTlsTest {
    /** How long the server waits for a protocol error to be reported. */
    private static final Duration REPORTED = Duration.ofSeconds(10);

    /**
     * The original scenario: the C driver over TLS, the server hangs up when listCollections
     * arrives, and the client reports the closed connection well within its socket timeout.
     * Reads are not retried, so the time measured is the time to notice the hang-up alone.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"LIBMONGOC", "PYMONGO", "NODE"})
    void hangUpOnListCollectionsIsReportedWithoutWaitingForTheSocketTimeout(Client client) {
        try (MockupServer server = MockupServer.builder().tls().start()) {
            Document out;
            try (ClientRun run = client.start(Client.tlsUri(server, "retryReads=false"), "listcollections")) {
                server.receives(Spec.command("listCollections").inDatabase("db")).hangUp();
                out = run.await(ClientScenarios.DEADLINE).json();
            }
            Outputs.assertError(out, client.networkErrorClass(), "closed|Failed to read");
            Outputs.assertFasterThan(out, Client.SOCKET_TIMEOUT);
            System.out.println(client + " over TLS noticed the hang-up on listCollections after " + out.get("ms")
                    + " ms; its socket timeout is " + Client.SOCKET_TIMEOUT.toMillis() + " ms");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"LIBMONGOC", "PYMONGO", "NODE"})
    void aTlsClientOfAPlainServerGetsAnErrorAndTheServerServesTheNext(Client client) {
        try (MockupServer server = MockupServer.builder().start()) {
            Document out = runToEnd(client, Client.tlsUri(server, "serverSelectionTimeoutMS=1000"));
            Outputs.assertError(out, client.selectionErrorClass(), "TLS|SSL");
            Outputs.assertFasterThan(out, Client.SOCKET_TIMEOUT);
            assertReported(server, "the client began a TLS handshake");
            assertServesAPing(server, client, Client.uri(server));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"LIBMONGOC", "PYMONGO", "NODE"})
    void aPlainClientOfATlsServerGetsAnErrorAndTheServerServesTheNext(Client client) {
        try (MockupServer server = MockupServer.builder().tls().start()) {
            Document out = runToEnd(client, Client.uri(server, "tls=false", "serverSelectionTimeoutMS=1000"));
            Outputs.assertError(out, client.selectionErrorClass(), "closed");
            Outputs.assertFasterThan(out, Client.SOCKET_TIMEOUT);
            assertReported(server, "plain MongoDB to a server started with TLS");
            assertServesAPing(server, client, Client.tlsUri(server));
        }
    }

    private static Document runToEnd(Client client, String uri) {
        try (ClientRun run = client.start(uri, "ping")) {
            return run.await(ClientScenarios.DEADLINE).json();
        }
    }

    /** The next receives() names the client's mistake, and protocolErrors() lists it. */
    private static void assertReported(MockupServer server, String what) {
        AssertionError e = assertThrows(AssertionError.class, () -> server.receives(Spec.command("ping"), REPORTED));
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertFalse(server.protocolErrors().isEmpty());
    }

    /**
     * A client that speaks the server's language pings it. A responder answers: more protocol
     * errors from the client before (its retries) may still wait to be reported by receives().
     */
    private static void assertServesAPing(MockupServer server, Client client, String uri) {
        server.autoResponds("ping");
        Document out = runToEnd(client, uri);
        Outputs.result(out, Document.class);
        assertTrue(server.requests().stream().anyMatch(r -> r.matches(Spec.command("ping"))), server::transcript);
    }
}
