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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.internal.auth.AuthEngine;
import org.mockupdb.internal.auth.AuthUser;
import org.mockupdb.internal.auth.AuthenticatedUser;

/** The Java driver authenticates with MONGODB-X509 over TLS, presenting the shipped client certificate. */
class X509DriverTest {
    private final ClientCertificates certificates = new ClientCertificates();
    private final MockupServer server = MockupServer.builder().tls(certificates.serverContext()).start();
    private final AuthWiring wiring = AuthWiring.install(server, new AuthEngine(List.of(AuthUser.of("alice", "secret"))),
            certificates::subject);
    private MongoClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
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

    @Test
    void theCertificateSubjectIsTheUserSpeculativelyInTheHandshake() {
        MongoClient client = connect(MockupTls.clientCertificateContext(), MongoCredential.createMongoX509Credential());
        Outcome<Document> count = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
        Request request = server.receives(Spec.command("count"));
        request.ok(new Document("n", 1));
        assertEquals(1, count.get().getInteger("n"));
        assertEquals(Optional.of(new AuthenticatedUser(MockupTls.clientCertificateSubject(), "$external", "MONGODB-X509")),
                wiring.auth(request).user());
        assertTrue(server.requests().stream().anyMatch(r -> r.body().containsKey("speculativeAuthenticate")),
                "the driver authenticated in its handshake");
    }

    @Test
    void theAuthenticateCommandWhenSpeculationIsOff() {
        wiring.speculative(false);
        MongoClient client = connect(MockupTls.clientCertificateContext(),
                MongoCredential.createMongoX509Credential(MockupTls.clientCertificateSubject()));
        Outcome<Document> count = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
        Request request = server.receives(Spec.command("count"));
        request.ok(new Document("n", 2));
        assertEquals(2, count.get().getInteger("n"));
        assertEquals(MockupTls.clientCertificateSubject(), wiring.auth(request).user().orElseThrow().name());
        assertEquals(1, server.requests().stream().filter(r -> r.commandName().orElse("").equals("authenticate")).count());
    }

    @Test
    void withoutAClientCertificateAuthenticationFails() {
        MongoClient client = connect(MockupTls.clientContext(), MongoCredential.createMongoX509Credential());
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
    }

    @Test
    void aUserNameThatIsNotTheSubjectFails() {
        MongoClient client = connect(MockupTls.clientCertificateContext(),
                MongoCredential.createMongoX509Credential("CN=someone else,O=MockupDB"));
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = assertInstanceOf(MongoCommandException.class, e.getCause(), e.toString());
        assertEquals(18, cause.getErrorCode(), cause.toString());
        assertEquals("Authentication failed.", cause.getErrorMessage());
    }
}
