package org.mockupdb.it.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.AuthenticatedUser;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/** The Java driver authenticates with MONGODB-X509 over TLS, presenting the shipped client certificate. */
class X509DriverTest {
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

    private MongoClient connect(SSLContext context, MongoCredential credential) {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri() + "&retryReads=false"))
                .applyToSslSettings(ssl -> ssl.context(context))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.readTimeout(20, TimeUnit.SECONDS))
                .credential(credential)
                .build());
        return client;
    }

    private Request countAnswered(MongoClient client, int n) {
        Outcome<Document> count = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
        Request request = server.receives(Spec.command("count"));
        request.ok(new Document("n", n));
        assertEquals(n, count.get().getInteger("n"));
        return request;
    }

    @Test
    void theCertificateSubjectIsTheUserSpeculativelyInTheHandshake() {
        server = MockupServer.builder().tls().x509().start();
        Request request = countAnswered(connect(MockupTls.clientCertificateContext(),
                MongoCredential.createMongoX509Credential()), 1);
        assertEquals(Optional.of(new AuthenticatedUser(MockupTls.clientCertificateSubject(), "$external", "MONGODB-X509")),
                request.authenticatedUser());
        assertTrue(server.requests().stream().anyMatch(r -> r.body().containsKey("speculativeAuthenticate")),
                "the driver authenticated in its handshake");
        assertEquals(0, server.requests().stream().filter(r -> r.commandName().orElse("").equals("authenticate")).count(),
                "no separate authenticate command: " + server.requests());
    }

    @Test
    void theAuthenticateCommandBeforeSpeculativeAuthentication() {
        server = MockupServer.builder().tls().maxWireVersion(8).x509User(MockupTls.clientCertificateSubject()).start();
        Request request = countAnswered(connect(MockupTls.clientCertificateContext(),
                MongoCredential.createMongoX509Credential(MockupTls.clientCertificateSubject())), 2);
        assertEquals(MockupTls.clientCertificateSubject(), request.authenticatedUser().orElseThrow().name());
        assertEquals(1, server.requests().stream().filter(r -> r.commandName().orElse("").equals("authenticate")).count());
    }

    @Test
    void withoutAClientCertificateAuthenticationFails() {
        server = MockupServer.builder().tls().x509().user("alice", "secret").start();
        MongoClient client = connect(MockupTls.clientContext(), MongoCredential.createMongoX509Credential());
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
        assertTrue(server.transcript().contains("No verified subject name"), server.transcript());
    }

    @Test
    void aUserNameThatIsNotTheSubjectFails() {
        server = MockupServer.builder().tls().x509().start();
        MongoClient client = connect(MockupTls.clientCertificateContext(),
                MongoCredential.createMongoX509Credential("CN=someone else,O=MockupDB"));
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
        assertEquals("Authentication failed.", cause.getErrorMessage());
    }

    @Test
    void aSubjectTheServerHasNoUserForFails() {
        server = MockupServer.builder().tls().x509User("CN=only,O=MockupDB").start();
        MongoClient client = connect(MockupTls.clientCertificateContext(), MongoCredential.createMongoX509Credential());
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
    }
}
