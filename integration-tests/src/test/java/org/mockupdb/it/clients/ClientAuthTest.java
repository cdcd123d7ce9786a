package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockupdb.AuthenticatedUser;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * PyMongo, the C driver and the Node.js driver authenticate with SCRAM-SHA-256 against a server
 * built with a user, each as a separate process given {@code user:password@} in its URI: the
 * insert that follows reaches the test from the authenticated connection, and a wrong password
 * is each client's own authentication error with mongod's code 18 (the C driver's own code 11,
 * MONGOC_ERROR_CLIENT_AUTHENTICATE, with mongod's message). Each also authenticates with
 * MONGODB-X509 over TLS, presenting the shipped client certificate.
 */
class ClientAuthTest {

    /** The server's URI with these credentials and options, the timeouts included. */
    private static String uri(MockupServer server, String user, String password, String... options) {
        String uri = Client.uri(server, options);
        assertTrue(uri.startsWith("mongodb://"), uri);
        return "mongodb://" + user + ":" + password + "@" + uri.substring("mongodb://".length());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void scramSha256SpeculativelyInTheHandshake(Client client) {
        MockupServer.Builder builder = MockupServer.builder();
        List<Request> requests = authenticateAndInsert(client, builder);
        assertTrue(requests.stream().anyMatch(r -> r.body().containsKey("speculativeAuthenticate")),
                "the client started its conversation in its handshake: " + requests);
        assertTrue(requests.stream().noneMatch(r -> r.commandName().orElse("").equals("saslStart")),
                "so it needed no saslStart: " + requests);
    }

    /** Not the Node.js driver 7, which needs MongoDB 4.4 (maxWireVersion 9), where every server answers speculatively. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC"})
    void scramSha256WithSaslStartAgainstMongoDB42(Client client) {
        List<Request> requests = authenticateAndInsert(client, MockupServer.builder().maxWireVersion(8));
        assertTrue(requests.stream().anyMatch(r -> r.commandName().orElse("").equals("saslStart")
                        && r.body().getString("mechanism").getValue().equals("SCRAM-SHA-256")),
                "a server before 4.4 answers no speculativeAuthenticate, so the client sent saslStart: " + requests);
    }

    /** Runs the insert scenario as alice, answers the insert from the authenticated connection; returns every request. */
    private static List<Request> authenticateAndInsert(Client client, MockupServer.Builder builder) {
        client.require();
        try (MockupServer server = builder.user("alice", "s3cret").start();
             ClientRun run = client.start(uri(server, "alice", "s3cret", "authSource=admin",
                     "authMechanism=SCRAM-SHA-256"), "insert")) {
            Request insert = server.receives(Spec.command("insert", "coll").inDatabase("db"));
            assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-256")), insert.authenticatedUser(),
                    insert + "\n" + server.transcript());
            assertEquals(List.of(BsonDocument.parse("{_id: 1, name: 'a'}"), BsonDocument.parse("{_id: 2, name: 'b'}")),
                    insert.body().getArray("documents").getValues(), insert.toString());
            insert.ok("n", 2);
            Document out = run.await(ClientScenarios.DEADLINE).json();
            assertEquals(List.of(1, 2), Outputs.result(out, Document.class).getList("insertedIds", Integer.class),
                    out.toJson());
            assertTrue(server.requests().stream().anyMatch(r -> r.commandName().orElse("").equals("saslContinue")
                            && r.connection().id() == insert.connection().id()),
                    "the insert's connection ran a SCRAM conversation: " + server.transcript());
            return server.requests();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void aWrongPasswordIsTheClientsAuthenticationError(Client client) {
        client.require();
        try (MockupServer server = MockupServer.builder().user("alice", "s3cret").start()) {
            Document out;
            try (ClientRun run = client.start(uri(server, "alice", "wrong", "authSource=admin",
                    "authMechanism=SCRAM-SHA-256"), "ping")) {
                out = run.await(ClientScenarios.DEADLINE).json();
            }
            System.out.println(client + " with a wrong password: " + out.toJson());
            Outputs.assertError(out, authenticationErrorClass(client), "Authentication failed");
            assertEquals(authenticationErrorCode(client), ((Number) out.get("code")).intValue(), out.toJson());
            assertEquals(List.of(), server.pendingRequests(), "the ping never reached the test");
            assertTrue(server.transcript().contains("storedKey mismatch"), server.transcript());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void x509WithTheShippedClientCertificate(Client client) {
        client.require();
        try (MockupServer server = MockupServer.builder().tls().x509User(MockupTls.clientCertificateSubject()).start();
             ClientRun run = client.start(Client.tlsUri(server, "authMechanism=MONGODB-X509",
                     "tlsCertificateKeyFile=" + MockupTls.clientCertificateKeyFile()), "insert")) {
            Request insert = server.receives(Spec.command("insert", "coll").inDatabase("db"));
            assertEquals(Optional.of(new AuthenticatedUser(MockupTls.clientCertificateSubject(), "$external",
                    "MONGODB-X509")), insert.authenticatedUser(), insert + "\n" + server.transcript());
            insert.ok("n", 2);
            Document out = run.await(ClientScenarios.DEADLINE).json();
            assertEquals(List.of(1, 2), Outputs.result(out, Document.class).getList("insertedIds", Integer.class),
                    out.toJson());
        }
    }

    /** The class (for the C driver, the error domain) a failed authentication comes as. */
    static String authenticationErrorClass(Client client) {
        return switch (client) {
            case PYMONGO -> "OperationFailure";
            case LIBMONGOC -> "MONGOC_ERROR_CLIENT";
            default -> "MongoServerError";
        };
    }

    /** The code it carries: the server's 18, or for the C driver its own MONGOC_ERROR_CLIENT_AUTHENTICATE. */
    static int authenticationErrorCode(Client client) {
        return client == Client.LIBMONGOC ? 11 : 18;
    }
}
