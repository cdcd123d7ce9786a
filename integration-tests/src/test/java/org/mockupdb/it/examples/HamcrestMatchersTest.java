package org.mockupdb.it.examples;

// README: hamcrest
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.mockupdb.hamcrest.MockupMatchers.*;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;
import org.mockupdb.Request;
import org.mockupdb.Spec;
// README: end

/** The README's Hamcrest example: an insert and a compressed find, checked with the matchers. */
class HamcrestMatchersTest {
    @org.junit.jupiter.api.Test
    void anInsertAndAFind() {
        // README: hamcrest
        try (MockupServer server = new MockupServer().start();
             MongoClient client = MongoClients.create(server.uri() + "/?compressors=zlib")) {
            MongoCollection<Document> coll = client.getDatabase("db").getCollection("coll");

            Outcome<?> inserted = Go.go(() -> coll.insertOne(new Document("_id", 1)));
            Request insert = server.receives(isCommand("insert", "coll").withField("ordered", true));
            assertThat(insert, withDocumentSequence("documents", contains(hasPath("_id", 1))));
            assertThat(insert, withoutField("writeConcern"));
            insert.ok(new Document("n", 1));
            inserted.get();

            Outcome<List<Document>> found = Go.go(() -> coll.find(Filters.gt("age", 30)).limit(10)
                    .into(new ArrayList<>()));
            // A spec's field value can be a Hamcrest matcher:
            Request find = server.receives(Spec.command("find").withField("limit", value(greaterThan(5))));
            assertThat(find, isCommand("find").withField("filter.age.$gt", 30).compressedWith("zlib"));
            assertThat(find, allOf(isOpMsg(), inDatabase("db")));   // they combine with any Hamcrest matcher
            find.ok(new Document("cursor", new Document("id", 0L).append("ns", "db.coll")
                    .append("firstBatch", List.of(new Document("_id", 2).append("age", 31)))));
            assertThat(found.get(), contains(hasPath("age", 31)));
        }
        // README: end
    }
}
