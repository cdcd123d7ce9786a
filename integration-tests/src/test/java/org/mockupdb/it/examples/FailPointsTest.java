package org.mockupdb.it.examples;

// README: fail-points
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import org.bson.BsonDocument;
import org.bson.Document;
import org.mockupdb.ConnectionRole;
import org.mockupdb.Fault;
import org.mockupdb.FaultRule;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Spec;
// README: end

/** The README's fail points and faults example: a closed insert retried, then rules injected. */
class FailPointsTest {
    @org.junit.jupiter.api.Test
    void failCommandAndFaultRules() {
        // README: fail-points
        try (MockupServer server = MockupServer.builder().helloField("msg", "isdbgrid").start();  // a mongos: writes retry
             MongoClient client = MongoClients.create(server.uri())) {
            server.autoResponds("insert", Reply.ok(new Document("n", 1)));
            // over the wire, as driver test suites do (any client: Java, PyMongo, Node.js, mongosh)
            client.getDatabase("admin").runCommand(Document.parse("{configureFailPoint: 'failCommand',"
                    + " mode: {times: 1}, data: {failCommands: ['insert'], closeConnection: true}}"));
            client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));  // closed, retried once
            // or from the test; the reply is mongod's: {count: <times entered before>, ok: 1}
            BsonDocument reply = server.configureFailPoint(Document.parse("{configureFailPoint: 'failCommand',"
                    + " mode: 'alwaysOn', data: {failCommands: ['find'], errorCode: 91, appName: 'app1'}}"));
            server.waitForFailPoint("failCommand", 1, Duration.ofSeconds(5));

            // faults mongod has no fail point for: immutable rules, named in the transcript
            server.injectFault(FaultRule.of(Fault.hangUp()).matching(Spec.command("find")).nth(3).named("third find"));
            server.injectFault(FaultRule.of(Fault.stall()).onRole(ConnectionRole.MONITORING).times(1));
            server.injectFault(FaultRule.of(Fault.reset()).matching(Spec.command("insert")).withProbability(0.2));
            server.setRandomSeed(42);                             // probabilities repeat from this seed
            server.injectFault(FaultRule.refuseConnections());   // also closeConnections(), stallConnections()
            server.autoResponds("ping", Fault.badChecksum(Reply.ok()));  // also wrongResponseTo, corruptBson...
            // README: end
            org.junit.jupiter.api.Assertions.assertEquals(1, reply.getNumber("count").intValue(), reply.toJson());
            org.junit.jupiter.api.Assertions.assertEquals(4, server.faults().size(), server.faults().toString());
            org.junit.jupiter.api.Assertions.assertEquals(2, server.requests().stream()
                    .filter(r -> r.matches(Spec.command("insert"))).count(), "the insert and its retry");
        // README: fail-points
        }
        // README: end
    }
}
