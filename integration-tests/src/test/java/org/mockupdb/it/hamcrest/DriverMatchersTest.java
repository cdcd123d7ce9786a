package org.mockupdb.it.hamcrest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockupdb.hamcrest.MockupMatchers.withDocumentSequence;
import static org.mockupdb.hamcrest.MockupMatchers.hasPath;
import static org.mockupdb.hamcrest.MockupMatchers.isCommand;
import static org.mockupdb.hamcrest.MockupMatchers.isOpMsg;
import static org.mockupdb.hamcrest.MockupMatchers.withoutField;
import static org.mockupdb.hamcrest.MockupMatchers.compressedWith;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;

/** What the official driver puts on the wire, asserted with the Hamcrest matchers. */
class DriverMatchersTest {
    private MockupServer server;
    private MongoClient client;

    private MongoCollection<Document> connect(MockupServer started, String options) {
        server = started;
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.uri() + "/" + options))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build());
        return client.getDatabase("db").getCollection("coll");
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private static Document cursor(List<Document> batch) {
        return new Document("cursor", new Document("id", 0L).append("ns", "db.coll").append("firstBatch", batch));
    }

    @Test
    void insertSendsItsDocumentsAsASequence() {
        MongoCollection<Document> coll = connect(new MockupServer().start(), "");
        Outcome<?> insert = Go.go(() -> coll.insertMany(List.of(new Document("_id", 1), new Document("_id", 2))));
        Request request = server.receives(isCommand("insert", "coll").and(isOpMsg()));
        assertThat(request, withDocumentSequence("documents", contains(hasPath("_id", 1), hasPath("_id", 2))));
        assertThat(request, isCommand("insert").withField("documents", hasSize(2)).withField("ordered", true));
        request.ok(new Document("n", 2));
        insert.get();
    }

    @Test
    void findSendsItsFilterAndProjection() {
        MongoCollection<Document> coll = connect(new MockupServer().start(), "");
        Outcome<List<Document>> find = Go.go(() -> coll.find(Filters.gt("age", 30))
                .projection(Projections.include("name")).into(new ArrayList<>()));
        Request request = server.receives(isCommand("find", "coll")
                .withField("filter.age.$gt", 30)
                .withField("projection", org.mockupdb.hamcrest.MockupMatchers.equalToJson("{\"name\": 1}")));
        request.ok(cursor(List.of(new Document("_id", 1).append("name", "Ada"))));
        assertEquals("Ada", find.get().get(0).getString("name"));
    }

    @Test
    void anUpsertSendsUpsertTrueInItsUpdateStatement() {
        MongoCollection<Document> coll = connect(new MockupServer().start(), "");
        Outcome<?> update = Go.go(() -> coll.updateOne(Filters.eq("_id", 7), Updates.set("x", 1),
                new UpdateOptions().upsert(true)));
        Request request = server.receives(isCommand("update", "coll"));
        assertThat(request, withDocumentSequence("updates", contains(hasPath("upsert", true))));
        assertThat(request, isCommand("update").withField("updates.0.q._id", 7)
                .withField("updates.0.u", org.mockupdb.hamcrest.MockupMatchers.equalToJson("{\"$set\": {\"x\": 1}}")));
        request.ok(new Document("n", 1).append("nModified", 0)
                .append("upserted", List.of(new Document("index", 0).append("_id", 7))));
        update.get();
    }

    @Test
    void aWriteConcernIsSentOnlyWhenGiven() {
        MongoCollection<Document> coll = connect(new MockupServer().start(), "");
        Outcome<?> plain = Go.go(() -> coll.insertOne(new Document("_id", 1)));
        server.receives(isCommand("insert").and(withoutField("writeConcern"))).ok(new Document("n", 1));
        plain.get();

        Outcome<?> majority = Go.go(() -> coll.withWriteConcern(WriteConcern.MAJORITY.withJournal(true))
                .insertOne(new Document("_id", 2)));
        Request request = server.receives(isCommand("insert"));
        assertThat(request, isCommand("insert").withField("writeConcern.w", "majority").withField("writeConcern.j", true));
        AssertionError e = assertThrows(AssertionError.class,
                () -> assertThat(request, isCommand("insert").withField("writeConcern.w", 1)));
        assertTrue(e.getMessage().contains("field 'writeConcern.w' was \"majority\", expected 1"), e.getMessage());
        request.ok(new Document("n", 1));
        majority.get();
    }

    @Test
    void aSecondaryOkReadCarriesItsReadPreferenceToAMongos() {
        MongoCollection<Document> coll = connect(MockupServer.builder().helloField("msg", "isdbgrid").start(), "");
        Outcome<List<Document>> find = Go.go(() -> coll.withReadPreference(ReadPreference.secondaryPreferred())
                .find().into(new ArrayList<>()));
        Request request = server.receives(isCommand("find"));
        assertThat(request, isCommand("find").withField("$readPreference.mode", "secondaryPreferred"));
        request.ok(cursor(List.of()));
        find.get();
    }

    @Test
    void aDirectConnectionReadsWithPrimaryPreferredSoASecondaryWouldAnswer() {
        MongoCollection<Document> coll = connect(MockupServer.builder().helloField("ismaster", false)
                .helloField("secondary", true).helloField("setName", "rs").start(), "?directConnection=true");
        Outcome<List<Document>> find = Go.go(() -> coll.find().into(new ArrayList<>()));
        Request request = server.receives(isCommand("find"));
        assertThat(request, isCommand("find").withField("$readPreference.mode", "primaryPreferred"));
        request.ok(cursor(List.of()));
        find.get();
    }

    @Test
    void aCompressedConversationSaysSo() {
        MongoCollection<Document> coll = connect(new MockupServer().start(), "?compressors=zlib");
        Outcome<Long> count = Go.go(() -> coll.countDocuments());
        Request request = server.receives(isCommand("aggregate", "coll").compressedWith("zlib"));
        assertThat(request, compressedWith("zlib"));
        assertThat(request.toString(), startsWith("OpMsg({\"aggregate\": \"coll\""));
        request.ok(new Document("cursor", new Document("id", 0L).append("ns", "db.coll")
                .append("firstBatch", List.of(new Document("n", 5)))));
        assertEquals(5L, count.get());
    }
}
