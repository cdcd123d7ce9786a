package org.mockupdb.it.examples;

// README: authentication
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.Optional;
import org.bson.Document;
import org.mockupdb.AuthenticatedUser;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupUser;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
// README: end

/** The README's authentication example: the driver authenticates with SCRAM, the request says as whom. */
class AuthenticationExampleTest {
    @org.junit.jupiter.api.Test
    void theDriverAuthenticatesAndTheRequestSaysAsWhom() {
        // README: authentication
        try (MockupServer server = MockupServer.builder()
                .user("alice", "secret")                                   // admin, SCRAM-SHA-1 and SCRAM-SHA-256
                .user(MockupUser.scram("bob", "pw").database("app").mechanisms(MockupUser.SCRAM_SHA_256))
                .start();
             MongoClient client = MongoClients.create("mongodb://alice:secret@" + server.address() + "/?authSource=admin")) {
            Outcome<Document> count = Go.go(() -> client.getDatabase("db").runCommand(new Document("count", "c")));
            Request request = server.receives(Spec.command("count"));
            assertEquals(Optional.of(new AuthenticatedUser("alice", "admin", "SCRAM-SHA-256")),
                    request.authenticatedUser());
            request.ok(new Document("n", 0));
            count.get();
        }
        // README: end
    }
}
