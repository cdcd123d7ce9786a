package org.mockupdb.it.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.result.InsertOneResult;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.OpCode;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerName;

/** The intended style: annotate the class, take a server and a client, choreograph the server's side. */
@MockupDB(requestTimeout = "5s")
@MaxWireVersion(17)
class BlackPipeStyleTest {
    private MongoCollection<Document> orders;

    @BeforeEach
    void openCollection(MongoClient client) {
        orders = client.getDatabase("shop").getCollection("orders");
    }

    @Test
    void insertGoesAsOpMsgWithItsDocument(MockupServer server) {
        Outcome<InsertOneResult> insert = Go.go(() -> orders.insertOne(new Document("_id", 1).append("item", "teapot")));
        Request request = server.receives(Spec.command("insert", "orders"));
        assertEquals(OpCode.OP_MSG, request.opCode());
        assertEquals(List.of(BsonDocument.parse("{_id: 1, item: 'teapot'}")),
                request.body().getArray("documents").getValues().stream().map(v -> v.asDocument()).toList());
        request.ok(new Document("n", 1));
        assertEquals(1, insert.get().getInsertedId().asInt32().getValue());
    }

    @Test
    void duplicateKeyErrorReachesTheApplication(MockupServer server) {
        Outcome<InsertOneResult> insert = Go.go(() -> orders.insertOne(new Document("_id", 1)));
        server.receives(Spec.command("insert", "orders")).ok(new Document("n", 0).append("writeErrors",
                List.of(new Document("index", 0).append("code", 11000).append("errmsg", "E11000 duplicate key"))));
        MongoWriteException e = org.junit.jupiter.api.Assertions.assertThrows(MongoWriteException.class, insert::get);
        assertEquals(11000, e.getError().getCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void writeConcernIsSentAsAsked(int w, MockupServer server) {
        Outcome<InsertOneResult> insert = Go.go(() -> orders.withWriteConcern(new WriteConcern(w))
                .insertOne(new Document("_id", w)));
        Request request = server.receives(Spec.command("insert", "orders"));
        assertEquals(w, request.body().getDocument("writeConcern").getInt32("w").getValue());
        request.ok(new Document("n", 1));
        insert.get();
    }

    @Test
    @AutoRespond(value = "count", reply = "{n: 7}")
    void twoServersToldApartByName(@ServerName("reports") MockupServer reports,
                                   @ServerName("reports") MongoClient reportsClient,
                                   MockupServer main) {
        assertEquals(7, reportsClient.getDatabase("db").runCommand(new Document("count", "c")).getInteger("n"));
        assertEquals(1, reports.requests().stream().filter(r -> r.matches(Spec.command("count"))).count());
        assertFalse(main.requests().stream().anyMatch(r -> r.matches(Spec.command("count"))),
                "the unnamed server saw no count");
    }

    @Nested
    @AutoRespond(value = "find", reply = "{cursor: {id: 0, ns: 'shop.orders', firstBatch: [{_id: 1, item: 'kettle'}]}}")
    class WithAutoResponses {
        @Test
        void findIsAnsweredByTheAnnotation(MockupServer server, MongoClient client) {
            Document first = orders.find().first();
            assertEquals("kettle", first.getString("item"));
            assertEquals(17, client.getClusterDescription().getServerDescriptions().get(0).getMaxWireVersion(),
                    "the enclosing class's @MaxWireVersion applies");
            assertEquals(0, server.pendingRequests().size());
        }
    }
}
