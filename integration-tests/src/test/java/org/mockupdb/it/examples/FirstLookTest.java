package org.mockupdb.it.examples;

// README: first-look
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.result.InsertOneResult;
import org.bson.Document;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
// README: end

/** The README's first example: a duplicate key error, chosen by the test, reaches the caller. */
class FirstLookTest {
    @org.junit.jupiter.api.Test
    void theServersErrorIsTheClientsException() {
        // README: first-look
        try (MockupServer server = new MockupServer().start();
             MongoClient client = MongoClients.create(server.uri())) {
            MongoCollection<Document> coll = client.getDatabase("db").getCollection("coll");
            Outcome<InsertOneResult> insert = Go.go(() -> coll.insertOne(new Document("_id", 1)));

            Request request = server.receives(Spec.command("insert", "coll").withField("ordered", true));
            request.commandError(11000, "E11000 duplicate key error");   // or ok(new Document("n", 1)), reply(doc), hangUp()

            MongoCommandException e = assertThrows(MongoCommandException.class, insert::get);
            assertEquals(11000, e.getCode());
        }
        // README: end
    }
}
