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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

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
 *
 * <p>A client certificate from the same CA, for MONGODB-X509, ships too: its subject
 * ({@link #clientCertificateSubject()}, {@code CN=client,OU=Clients,O=MockupDB}) is the user X.509
 * authenticates. Java clients present it with {@link #clientCertificateContext()}; other clients
 * take {@code tlsCertificateKeyFile=} + {@link #clientCertificateKeyFile()}. The server's
 * context trusts the CA, so a server built with {@link MockupServer.Builder#x509()} accepts it.
 */
public final class MockupTls {
    private static final String RESOURCES = "/org/mockupdb/tls/";
    private static final char[] KEY_STORE_PASSWORD = "mockupdb".toCharArray();

    private static volatile Path caFile;
    private static volatile Path clientCertificateKeyFile;

    private MockupTls() {
    }

    /* Each built once, on first use: loading a key store and a factory takes milliseconds, and a context is shareable. */
    private static final class ClientContext {
        static final SSLContext INSTANCE = buildClientContext();
    }

    private static final class ServerContext {
        static final SSLContext INSTANCE = buildServerContext();
    }

    private static final class ClientCertificateContext {
        static final SSLContext INSTANCE = buildClientCertificateContext();
    }

    /** {@return an SSLContext for clients that trusts the shipped CA (and nothing else); one shared instance} */
    public static SSLContext clientContext() {
        return ClientContext.INSTANCE;
    }

    /**
     * {@return an SSLContext for clients that trusts the shipped CA and presents the shipped client
     * certificate (subject {@link #clientCertificateSubject()}), for MONGODB-X509; one shared instance}
     *
     * <pre>{@code
     * MongoClientSettings.builder()
     *         .applyConnectionString(new ConnectionString(server.uri() + "&authMechanism=MONGODB-X509"))
     *         .applyToSslSettings(ssl -> ssl.context(MockupTls.clientCertificateContext()))
     * }</pre>
     */
    public static SSLContext clientCertificateContext() {
        return ClientCertificateContext.INSTANCE;
    }

    /**
     * {@return the server's SSLContext with the shipped key and certificate, as
     * {@link MockupServer.Builder#tls()} uses; one shared instance} It trusts the shipped CA, so a
     * server built with {@link MockupServer.Builder#x509()} accepts {@link #clientCertificateContext()}'s.
     */
    public static SSLContext serverContext() {
        return ServerContext.INSTANCE;
    }

    private static SSLContext buildClientContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, caTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client SSLContext trusting the MockupDB test CA: " + e, e);
        }
    }

    private static SSLContext buildServerContext() {
        return keyStoreContext("server.p12");
    }

    private static SSLContext buildClientCertificateContext() {
        return keyStoreContext("client.p12");
    }

    /** A context that presents this key store's key and certificate and trusts the shipped CA. */
    private static SSLContext keyStoreContext(String keyStore) {
        try (InputStream in = resource(keyStore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, KEY_STORE_PASSWORD);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, KEY_STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), caTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load the MockupDB test key store " + keyStore + ": " + e, e);
        }
    }

    private static TrustManager[] caTrustManagers() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("mockupdb-ca", caCertificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory.getTrustManagers();
    }

    /** The shipped client certificate, issued by the shipped CA. */
    public static X509Certificate clientCertificate() {
        try (InputStream in = resource("client.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the MockupDB test client certificate client.pem: " + e, e);
        }
    }

    /**
     * The client certificate's subject in RFC 2253 form, {@code CN=client,OU=Clients,O=MockupDB}:
     * the user name MONGODB-X509 authenticates, as mongod names it.
     */
    public static String clientCertificateSubject() {
        return clientCertificate().getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** The client certificate and its private key in PEM form, one after the other, as {@code tlsCertificateKeyFile} takes them. */
    public static String clientCertificateKeyPem() {
        try (InputStream in = resource("client-bundle.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MockupDB test client certificate client-bundle.pem", e);
        }
    }

    /**
     * A file holding {@link #clientCertificateKeyPem()}, for clients that take
     * {@code tlsCertificateKeyFile}: written once per JVM to a temporary file deleted when the JVM exits.
     */
    public static Path clientCertificateKeyFile() {
        Path file = clientCertificateKeyFile;
        if (file == null) {
            synchronized (MockupTls.class) {
                file = clientCertificateKeyFile;
                if (file == null) {
                    file = writeTemporary("mockupdb-client-", clientCertificateKeyPem());
                    clientCertificateKeyFile = file;
                }
            }
        }
        return file;
    }

    private static Path writeTemporary(String prefix, String pem) {
        try {
            Path file = Files.createTempFile(prefix, ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + prefix + "*.pem to a temporary file", e);
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
