package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The shipped client certificate: issued by the shipped CA, accepted over a real TLS handshake by the server context. */
class MockupTlsClientCertificateTest {
    private static final int TIMEOUT_MS = 10_000;

    @Test
    void theSubjectIsTheRfc2253NameMongodAuthenticates() {
        assertEquals("CN=client,OU=Clients,O=MockupDB", MockupTls.clientCertificateSubject());
        assertEquals(MockupTls.caCertificate().getSubjectX500Principal(),
                MockupTls.clientCertificate().getIssuerX500Principal());
    }

    @Test
    void aServerThatNeedsClientCertificatesVerifiesOursAndSeesItsSubject() throws Exception {
        assertEquals(MockupTls.clientCertificateSubject(), handshake(MockupTls.clientCertificateContext()));
    }

    @Test
    void aClientWithoutTheCertificateIsRefused() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> handshake(MockupTls.clientContext()));
        assertTrue(e.getCause() instanceof SSLException || e.getCause() instanceof IOException,
                "expected the server's handshake to fail for want of a client certificate, got " + e.getCause());
    }

    @Test
    void theCertificateAndKeyFileHoldsBoth() throws IOException {
        String pem = Files.readString(MockupTls.clientCertificateKeyFile());
        assertTrue(pem.contains("BEGIN CERTIFICATE") && pem.contains("PRIVATE KEY"),
                "expected a certificate and a private key in " + MockupTls.clientCertificateKeyFile());
    }

    /** The subject the server's side sees after a handshake with a server that needs client certificates. */
    private static String handshake(SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) MockupTls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(TIMEOUT_MS);
            CompletableFuture<String> server = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(TIMEOUT_MS);
                    accepted.startHandshake();
                    String subject = ((X500Principal) accepted.getSession().getPeerPrincipal())
                            .getName(X500Principal.RFC2253);
                    accepted.getOutputStream().write(1);
                    return subject;
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(TIMEOUT_MS);
                client.startHandshake();
                client.getInputStream().read();
            } catch (IOException expectedWhenRefused) {
                // The server's verdict is what the test checks.
            }
            try {
                return server.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new ExecutionException(e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause());
            }
        }
    }
}
