package org.mockupdb.it.examples;

// The README's JUnit 5 example, run by Maven as any test class: one insert, the injected server and
// client as parameters, and a find on each release and wire version of a matrix.

// README: junit5
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.mongodb.client.MongoClient;
import com.mongodb.client.result.InsertOneResult;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Spec;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

@MockupDB(requestTimeout = "5s")          // also tls = true, autoHello = false, verbose = true, failOnUnhandled = false
@AutoRespond("ping")                       // repeatable: @AutoRespond(value = "buildInfo", reply = "{version: '8.0.0'}")
@ClientSettings(uriOptions = "retryReads=false&appName=orders-test")
class OrdersTest {
    @MockupDB static MockupServer shared;   // static field: one server for the class
    @MockupDB MockupServer server;          // instance field: one server per test
    @MockupDB MongoClient client;           // connected to this test's server, closed before it stops

    @Test
    void insert() {
        Outcome<InsertOneResult> insert = Go.go(() -> client.getDatabase("shop").getCollection("orders")
                .insertOne(new Document("_id", 1)));
        server.receives(Spec.command("insert", "orders")).ok(new Document("n", 1));   // a bare ok() is refused by the driver
        insert.get();
    }

    @Test
    void sameServerAsAParameter(MockupServer sameAsTheField, MongoClient sameClient) {
        assertSame(server, sameAsTheField);
        assertSame(client, sameClient);
    }

    @ServerVersions(from = "4.2", to = "8.0")  // one run per release: maxWireVersion=8 (MongoDB 4.2) ...
    void findOnEachRelease() {
        Outcome<Document> find = Go.go(() -> client.getDatabase("shop").getCollection("orders").find().first());
        server.receives(Spec.command("find", "orders")).ok(new Document("cursor", new Document("id", 0L)
                .append("ns", "shop.orders").append("firstBatch", List.of(new Document("_id", 1)))));
        assertEquals(new Document("_id", 1), find.get());
    }

    @WireVersions({8, 25})                     // or by wire version; @MaxWireVersion(17) pins one
    void findOnEachWireVersion() {
        server.servesCursor(Spec.command("find", "orders"), List.of(new Document("_id", 1)), 101);
        assertEquals(new Document("_id", 1), client.getDatabase("shop").getCollection("orders").find().first());
    }
}
// README: end
