package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockupdb.internal.wire.WireMessage;

/** TLS and Unix domain sockets, through real sockets. */
class TransportTest {

    private static SSLSocket tlsClient(MockupServer server) throws IOException {
        SSLSocket socket = (SSLSocket) MockupTls.clientContext().getSocketFactory()
                .createSocket("localhost", server.port());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // checks the certificate names localhost
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static void pingIsServed(MockupServer server, RawClient client) {
        int id = client.sendMsg(new Document("ping", 1));
        Request ping = server.receives("ping");
        assertTrue(ping.ok(new Document("served", true)));
        WireMessage.Msg reply = (WireMessage.Msg) client.read().message();
        assertEquals(true, reply.body().getBoolean("served").getValue());
        assertEquals(id, ping.requestId());
    }

    @Test
    void tlsServesTheConversationWithTheShippedCertificate() throws IOException {
        try (MockupServer server = MockupServer.builder().tls().start();
             SSLSocket socket = tlsClient(server);
             RawClient client = new RawClient(socket)) {
            assertTrue(server.isTls());
            assertEquals("mongodb://localhost:" + server.port() + "/?tls=true", server.uri());
            pingIsServed(server, client);
            assertTrue(socket.getSession().getProtocol().startsWith("TLSv1."), socket.getSession().getProtocol());
        }
    }

    @Test
    void hangUpOverTlsEndsTheSessionSoTheClientSeesItAtOnce() throws IOException {
        try (MockupServer server = MockupServer.builder().tls().start();
             SSLSocket socket = tlsClient(server);
             RawClient client = new RawClient(socket)) {
            client.sendMsg(new Document("listCollections", 1));
            assertTrue(server.receives("listCollections").hangUp());
            // The client reads with a 10 s timeout: the close_notify ends its read at once, not a timeout.
            assertTrue(client.isClosedByServer(), "the client saw the end of the TLS session");
        }
    }

    @Test
    void resetOverTlsAbortsTheConnection() throws IOException {
        try (MockupServer server = MockupServer.builder().tls().start();
             SSLSocket socket = tlsClient(server);
             RawClient client = new RawClient(socket)) {
            client.sendMsg(new Document("ping", 1));
            assertTrue(server.receives("ping").reply(Fault.reset()));
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void aPlainClientOfATlsServerIsNamedAndTheServerServesTheNext() throws IOException {
        try (MockupServer server = MockupServer.builder().tls().start()) {
            try (RawClient plain = new RawClient(server)) {
                plain.sendMsg(new Document("ping", 1));
                assertTrue(plain.isClosedByServer());
            }
            AssertionError e = assertThrows(AssertionError.class, () -> server.receives("ping"));
            assertTrue(e.getMessage().contains("expected a TLS handshake (a record starting 0x16), but the client "
                    + "sent 0x"), e.getMessage());
            assertTrue(e.getMessage().contains("plain MongoDB to a server started with TLS"), e.getMessage());
            assertEquals(1, server.protocolErrors().size());
            try (SSLSocket socket = tlsClient(server); RawClient client = new RawClient(socket)) {
                pingIsServed(server, client);
            }
        }
    }

    @Test
    void aTlsClientOfAPlainServerFailsItsHandshakeAndTheServerServesTheNext() throws IOException {
        try (MockupServer server = new MockupServer().start()) {
            try (SSLSocket socket = tlsClient(server)) {
                socket.setSoTimeout(10_000);
                assertThrows(SSLException.class, socket::startHandshake);
            }
            AssertionError e = assertThrows(AssertionError.class, () -> server.receives("ping"));
            assertTrue(e.getMessage().contains("expected a MongoDB message, but the client began a TLS handshake"),
                    e.getMessage());
            try (RawClient client = new RawClient(server)) {
                pingIsServed(server, client);
            }
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsWithoutFailingTheTest() throws IOException {
        try (MockupServer server = MockupServer.builder().tls().start()) {
            try (SSLSocket socket = (SSLSocket) javax.net.ssl.SSLSocketFactory.getDefault()
                    .createSocket("localhost", server.port())) {
                socket.setSoTimeout(10_000);
                assertThrows(SSLException.class, socket::startHandshake);
            }
            try (SSLSocket socket = tlsClient(server); RawClient client = new RawClient(socket)) {
                pingIsServed(server, client);
            }
            assertTrue(server.protocolErrors().isEmpty(), "the client's distrust is its own error");
        }
    }

    @Test
    void unixSocketServesAndItsFileIsGoneAfterStop(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("mockupdb.sock");
        try (MockupServer server = MockupServer.builder().unixSocket(path).start()) {
            assertEquals("mongodb://" + path.toString().replace("/", "%2F"), server.uri());
            assertEquals(path, server.unixSocket().orElseThrow());
            assertEquals(path.toString(), server.address());
            IllegalStateException noPort = assertThrows(IllegalStateException.class, server::port);
            assertTrue(noPort.getMessage().contains("listens on the Unix socket " + path), noPort.getMessage());
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
                 RawClient client = new RawClient(channel)) {
                pingIsServed(server, client);
                client.sendMsg(new Document("find", "c"));
                assertTrue(server.receives("find").hangUp());
                assertTrue(client.isClosedByServer());
            }
            assertTrue(Files.exists(path));
        }
        assertFalse(Files.exists(path), "the server removed its socket file on stop");
    }

    @Test
    void aStaleSocketFileIsReplaced(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(path)); // closing it leaves the file, as a crash would
        }
        assertTrue(Files.exists(path));
        try (MockupServer server = MockupServer.builder().unixSocket(path).start();
             SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
             RawClient client = new RawClient(channel)) {
            pingIsServed(server, client);
        }
    }

    @Test
    void anUnusableSocketPathFailsStartNamingThePathAndTheReason(@TempDir Path dir) throws IOException {
        Path regular = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertStartFails(regular, "the path exists and is not a socket; refusing to remove it");
        assertEquals("keep me", Files.readString(regular));

        Path missingDirectory = dir.resolve("no/such/dir/m.sock");
        assertStartFails(missingDirectory, "No such file or directory");

        Path busy = dir.resolve("busy.sock");
        try (MockupServer first = MockupServer.builder().unixSocket(busy).start()) {
            assertStartFails(busy, "another server is listening on it");
            assertTrue(first.isRunning());
        }
    }

    private static void assertStartFails(Path path, String reason) {
        MockupServer server = MockupServer.builder().unixSocket(path).build();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, server::start);
        assertTrue(e.getMessage().startsWith("cannot listen on the Unix socket " + path + ": " + reason), e.getMessage());
        assertFalse(server.isRunning());
    }

    @Test
    void tlsOverAUnixSocketIsRefusedWhenBuilt(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MockupServer.builder().tls().unixSocket(dir.resolve("m.sock")).build());
        assertTrue(e.getMessage().startsWith("expected TLS or a Unix socket, got both"), e.getMessage());
    }

    @Test
    void theCaFileIsAPemOfTheShippedCa() throws IOException {
        String pem = Files.readString(MockupTls.caFile());
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
        assertEquals(pem, MockupTls.caPem());
        assertTrue(MockupTls.caCertificate().getSubjectX500Principal().getName().contains("MockupDB Test CA"));
    }
}
