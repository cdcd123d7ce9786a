package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * Real clients as separate processes against a {@link MockupReplicaSet}: PyMongo, libmongoc and the
 * Node.js driver discover the set from one seed; the Node.js driver retries a write on the member
 * elected during it. Skipped with a message
 * when a client is not installed (failed under {@code CI=true}).
 */
class TopologyClientsTest {
    private static final Duration DEADLINE = ClientScenarios.DEADLINE;

    private static String seedUri(MockupServer seed, String setName) {
        return "mongodb://" + seed.address() + "/?replicaSet=" + setName + "&" + Client.TIMEOUTS;
    }

    /** Each client discovers the set from one seed (PyMongo, libmongoc and Node.js stream or poll hello as they do). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void discoversTheSetFromOneSeed(Client client) {
        client.require();
        try (MockupReplicaSet rs = MockupReplicaSet.builder().members(3).start();
             ClientRun run = client.start(seedUri(rs.member(2), "rs"), "insert")) {
            Request insert = rs.receives(Spec.command("insert", "coll"), DEADLINE);
            assertSame(rs.member(0), insert.server().orElseThrow(), "the insert goes to the primary");
            insert.ok("n", 2);
            Document out = run.await(DEADLINE).json();
            assertEquals(List.of(1, 2), Outputs.result(out, Document.class).getList("insertedIds", Integer.class),
                    out.toJson());
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
