package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.MongoCredential;
import com.mongodb.client.result.InsertOneResult;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupUser;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupServerExtension;

/** The programmatic extension with users: the server customizer adds them, a client customizer its credentials. */
class UserExtensionTest {
    @RegisterExtension
    static MockupServerExtension mockup = MockupServerExtension.builder()
            .server(b -> b.user(MockupUser.scram("carol", "pw").mechanisms(MockupUser.SCRAM_SHA_1)))
            .client(settings -> settings.credential(
                    MongoCredential.createCredential("carol", "admin", "pw".toCharArray())))
            .build();

    @Test
    void theClientAuthenticatesWithTheCustomizersCredential() {
        MockupServer server = mockup.server();
        Outcome<InsertOneResult> insert = Go.go(() -> mockup.client().getDatabase("shop").getCollection("orders")
                .insertOne(new Document("_id", 1)));
        Request request = server.receives(Spec.command("insert", "orders"));
        request.ok(new Document("n", 1));
        assertEquals(1, insert.get().getInsertedId().asInt32().getValue());
        assertEquals("carol@admin SCRAM-SHA-1", request.authenticatedUser()
                .map(u -> u.name() + "@" + u.database() + " " + u.mechanism()).orElse("none"),
                server::transcript);
    }
}
