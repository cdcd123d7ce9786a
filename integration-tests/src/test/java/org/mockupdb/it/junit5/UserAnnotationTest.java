package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.result.InsertOneResult;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.AuthenticatedUser;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.User;

/** {@code @User} with the real driver: the injected client authenticates, and the test sees as whom. */
@MockupDB
@User(name = "alice", password = "secret")
class UserAnnotationTest {

    private static AuthenticatedUser insertAs(MockupServer server, MongoClient client) {
        Outcome<InsertOneResult> insert = Go.go(() -> client.getDatabase("shop").getCollection("orders")
                .insertOne(new Document("_id", 1)));
        Request request = server.receives(Spec.command("insert", "orders"));
        request.ok(new Document("n", 1));
        assertEquals(1, insert.get().getInsertedId().asInt32().getValue());
        return request.authenticatedUser().orElseThrow(() -> new AssertionError(
                "expected the insert from an authenticated connection, got none; transcript:\n"
                        + server.transcript()));
    }

    @Test
    void theInjectedClientAuthenticatesSpeculativelyWithScramSha256(MockupServer server, MongoClient client) {
        AuthenticatedUser user = insertAs(server, client);
        assertEquals("alice@admin (SCRAM-SHA-256)", user.name() + "@" + user.database() + " (" + user.mechanism()
                + ")");
        assertEquals(0, server.requests().stream().filter(r -> r.commandName().orElse("").equals("saslStart"))
                .count(), "speculative authentication in the handshake needs no saslStart");
    }

    @Test
    @User(name = "bob", password = "pw", database = "app", mechanisms = "SCRAM-SHA-1")
    void theNearestUserWithItsOnlyMechanism(MockupServer server, MongoClient client) {
        AuthenticatedUser user = insertAs(server, client);
        assertEquals("bob", user.name());
        assertEquals("app", user.database());
        assertEquals("SCRAM-SHA-1", user.mechanism());
    }
}
