package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * The Node.js driver, as a separate process, against a {@link MockupReplicaSet}: it discovers the
 * set from one seed, and retries a write on the member elected during it. Skipped with a message
 * when the Node.js driver is not installed (failed under {@code CI=true}).
 */
class TopologyClientsTest {
    private static final Duration DEADLINE = ClientScenarios.DEADLINE;

    private static String seedUri(MockupServer seed, String setName) {
        return "mongodb://" + seed.address() + "/?replicaSet=" + setName + "&" + Client.TIMEOUTS;
    }

    @Test
    void nodeDiscoversTheSetFromOneSeed() {
        Client.NODE.require();
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(3).start();
             ClientRun run = Client.NODE.start(seedUri(rs.member(2), "rs"), "insertone")) {
            Request insert = rs.receives(Spec.command("insert", "coll"), DEADLINE);
            assertSame(rs.member(0), insert.server().orElseThrow(), "the insert goes to the primary");
            insert.ok("n", 1);
            Document out = run.await(DEADLINE).json();
            assertEquals(1, Outputs.result(out, Document.class).get("insertedId"), out.toJson());
        }
    }

    @Test
    void nodeRetriesAWriteOnTheMemberElectedDuringIt() {
        Client.NODE.require();
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(2).start();
             ClientRun run = Client.NODE.start(seedUri(rs.member(0), "rs"), "insertone")) {
            Request first = rs.receives(Spec.command("insert", "coll"), DEADLINE);
            assertSame(rs.member(0), first.server().orElseThrow());
            rs.elect(rs.member(1));
            first.reply(Reply.notWritablePrimary());
            Request retry = rs.receives(Spec.command("insert", "coll"), DEADLINE);
            assertSame(rs.member(1), retry.server().orElseThrow(), "the retry goes to the new primary");
            assertEquals(first.body().get("lsid"), retry.body().get("lsid"));
            assertEquals(first.body().get("txnNumber"), retry.body().get("txnNumber"));
            retry.ok("n", 1);
            Document out = run.await(DEADLINE).json();
            assertEquals(1, Outputs.result(out, Document.class).get("insertedId"), out.toJson());
        }
    }
}
