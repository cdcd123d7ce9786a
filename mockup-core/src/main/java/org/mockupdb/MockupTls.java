package org.mockupdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test certificate MockupDB ships for {@link MockupServer.Builder#tls()}: a CA and a server
 * certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid until 2126. Its
 * private keys are public, so trust it in tests only.
 *
 * <pre>{@code
 * MongoClientSettings settings = MongoClientSettings.builder()
 *         .applyConnectionString(new ConnectionString(server.uri()))   // ends in ?tls=true
 *         .applyToSslSettings(ssl -> ssl.context(MockupTls.clientContext()))
 *         .build();
 * }</pre>
 *
 * <p>Other clients take the CA as a file: {@code tlsCAFile=} + {@link #caFile()}.
 */
public final class MockupTls {
    private static final String RESOURCES = "/org/mockupdb/tls/";
    private static final char[] KEY_STORE_PASSWORD = "mockupdb".toCharArray();

    private static volatile Path caFile;

    private MockupTls() {
    }

    /* Each built once, on first use: loading a key store and a factory takes milliseconds, and a context is shareable. */
    private static final class ClientContext {
        static final SSLContext INSTANCE = buildClientContext();
    }

    private static final class ServerContext {
        static final SSLContext INSTANCE = buildServerContext();
    }

    /** {@return an SSLContext for clients that trusts the shipped CA (and nothing else); one shared instance} */
    public static SSLContext clientContext() {
        return ClientContext.INSTANCE;
    }

    /**
     * {@return the server's SSLContext with the shipped key and certificate, as
     * {@link MockupServer.Builder#tls()} uses; one shared instance}
     */
    public static SSLContext serverContext() {
        return ServerContext.INSTANCE;
    }

    private static SSLContext buildClientContext() {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("mockupdb-ca", caCertificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSLContext trusting the MockupDB test CA: " + e, e);
        }
    }

    private static SSLContext buildServerContext() {
        try (InputStream in = resource("server.p12")) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, KEY_STORE_PASSWORD);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, KEY_STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the MockupDB test key store server.p12: " + e, e);
        }
    }

    /** {@return the shipped CA certificate} */
    public static X509Certificate caCertificate() {
        try (InputStream in = resource("ca.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the MockupDB test CA certificate ca.pem: " + e, e);
        }
    }

    /** {@return the shipped CA certificate in PEM form, as non-Java clients take it} */
    public static String caPem() {
        try (InputStream in = resource("ca.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MockupDB test CA certificate ca.pem", e);
        }
    }

    /**
     * {@return a file holding {@link #caPem()}, for clients that take {@code tlsCAFile}}
     * It is written once per JVM to a temporary file that is deleted when the JVM exits.
     */
    public static Path caFile() {
        Path file = caFile;
        if (file == null) {
            synchronized (MockupTls.class) {
                file = caFile;
                if (file == null) {
                    try {
                        file = Files.createTempFile("mockupdb-ca-", ".pem");
                        file.toFile().deleteOnExit();
                        Files.writeString(file, caPem(), StandardCharsets.US_ASCII);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write the MockupDB test CA to a temporary file", e);
                    }
                    caFile = file;
                }
            }
        }
        return file;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = MockupTls.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException(RESOURCES + name + " is missing from the class path (is mockup-core's jar complete?)");
        }
        return in;
    }
}
