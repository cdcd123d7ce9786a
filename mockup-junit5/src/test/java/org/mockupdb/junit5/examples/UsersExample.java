package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.AuthenticatedUser;
import org.mockupdb.MockupServer;
import org.mockupdb.Request;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.MongoClientCustomizer;
import org.mockupdb.junit5.User;

/** @User: the server knows every level's users, the injected client presents the nearest's credentials. */
@MockupDB
@User(name = "alice", password = "secret")
@AutoRespond(value = "count", reply = "{n: 3}")
public class UsersExample {

    /** Runs a count through {@code client} and returns whom the server saw it from. */
    static AuthenticatedUser countAs(MockupServer server, MongoClient client) {
        Recorder.record("users", server);
        assertEquals(3, client.getDatabase("db").runCommand(new Document("count", "c")).getInteger("n"));
        List<Request> counts = server.requests().stream()
                .filter(r -> r.commandName().orElse("").equals("count")).toList();
        return counts.get(counts.size() - 1).authenticatedUser()
                .orElseThrow(() -> new AssertionError("expected the count to come from an authenticated "
                        + "connection, got none; transcript:\n" + server.transcript()));
    }

    @Test
    void classUser(MockupServer server, MongoClient client) {
        AuthenticatedUser user = countAs(server, client);
        assertEquals("alice", user.name());
        assertEquals("admin", user.database());
        assertEquals("SCRAM-SHA-256", user.mechanism(), "the driver negotiated the stronger mechanism");
    }

    @Test
    @User(name = "bob", password = "pw", database = "app", mechanisms = "SCRAM-SHA-1")
    void methodUserIsTheClientsAndTheClassUserStillExists(MockupServer server, MongoClient client) {
        AuthenticatedUser user = countAs(server, client);
        assertEquals("bob", user.name());
        assertEquals("app", user.database());
        assertEquals("SCRAM-SHA-1", user.mechanism());
        try (MongoClient alice = MongoClients.create("mongodb://alice:secret@" + server.address()
                + "/?authSource=admin&serverSelectionTimeoutMS=2000")) {
            assertEquals("alice", countAs(server, alice).name());
        }
    }

    @Test
    @User(name = "carol", password = "c1", mechanisms = "SCRAM-SHA-256")
    @User(name = "dave", password = "d1")
    void theFirstUserOfTheNearestLevel(MockupServer server, MongoClient client) {
        AuthenticatedUser user = countAs(server, client);
        assertEquals("carol", user.name());
        assertEquals("SCRAM-SHA-256", user.mechanism());
    }

    @Test
    void parameterUser(@User(name = "erin", password = "e1") MockupServer server,
                       @User(name = "erin", password = "e1") MongoClient client) {
        assertEquals("erin", countAs(server, client).name());
    }

    /** Presents alice with a wrong password: a customizer runs after the credential is set. */
    public static class WrongPassword implements MongoClientCustomizer {
        @Override
        public void customize(MongoClientSettings.Builder settings) {
            settings.credential(MongoCredential.createCredential("alice", "admin", "wrong".toCharArray()));
        }
    }

    @Test
    @ClientSettings(customizers = WrongPassword.class)
    void aCustomizerReplacesTheCredential(MongoClient client) {
        MongoSecurityException e = assertThrows(MongoSecurityException.class,
                () -> client.getDatabase("db").runCommand(new Document("count", "c")));
        MongoCommandException cause = (MongoCommandException) e.getCause();
        assertEquals(18, cause.getErrorCode(), cause::toString);
    }

    @Test
    void aClientWithoutCredentialsIsRefused(MockupServer server) {
        try (MongoClient anonymous = MongoClients.create("mongodb://" + server.address()
                + "/?serverSelectionTimeoutMS=2000")) {
            MongoCommandException e = assertThrows(MongoCommandException.class,
                    () -> anonymous.getDatabase("db").runCommand(new Document("count", "c")));
            assertEquals(13, e.getErrorCode(), e::toString);
        }
    }
}
