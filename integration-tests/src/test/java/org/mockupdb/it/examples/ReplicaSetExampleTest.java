package org.mockupdb.it.examples;

// README: replica-set
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.mockupdb.Go;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.Outcome;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
// README: end

/** The README's replica-set example: a failover during a write, retried on the new primary. */
class ReplicaSetExampleTest {
    @org.junit.jupiter.api.Test
    void aWriteMeetsAFailoverAndIsRetriedOnTheNewPrimary() {
        // README: replica-set
        try (MockupReplicaSet rs = MockupReplicaSet.builder().setName("rs").members(3).start();   // member 0 primary
             MongoClient client = MongoClients.create(rs.uri())) {        // mongodb://localhost:P0,...,/?replicaSet=rs
            Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c")
                    .insertOne(new Document("_id", 1)));
            Request first = rs.receives(Spec.command("insert"));           // from any member; first.server() says which
            rs.elect(rs.member(1));                                         // new electionId; member 0 becomes a secondary
            first.reply(Reply.notWritablePrimary());                        // with the RetryableWriteError label, as mongod
            rs.member(1).receives(Spec.command("insert")).ok(new Document("n", 1));   // the retry, milliseconds later
            insert.get();
        }
        // README: end
    }
}
