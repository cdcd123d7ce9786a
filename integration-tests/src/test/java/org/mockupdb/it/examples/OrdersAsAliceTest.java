package org.mockupdb.it.examples;

// The README's @User example, run by Maven as any test class.

// README: user-annotation
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoClient;
import com.mongodb.client.result.InsertOneResult;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.User;

@MockupDB
@User(name = "alice", password = "secret")   // the server's user, and the injected client's credentials
class OrdersAsAliceTest {
    @Test
    void insert(MockupServer server, MongoClient client) {
        Outcome<InsertOneResult> insert = Go.go(() -> client.getDatabase("shop").getCollection("orders")
                .insertOne(new Document("_id", 1)));
        Request request = server.receives(Spec.command("insert", "orders"));
        assertEquals("alice@admin (SCRAM-SHA-256)", request.authenticatedUser().orElseThrow().toString());
        request.ok(new Document("n", 1));
        insert.get();
    }
}
// README: end
