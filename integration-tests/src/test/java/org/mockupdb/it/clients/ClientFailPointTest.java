package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockupdb.Fault;
import org.mockupdb.FaultRule;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * PyMongo and the Node.js driver send the same configureFailPoint documents as the Java tests
 * ({@code FailCommandTest}) to a MockupServer started here, with the same effects; and meet the
 * replies a driver must refuse. The server says it is a mongos, so the clients retry writes.
 * The standalone server answers configureFailPoint too: it is built into MockupServer.
 */
class ClientFailPointTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private MockupServer server;

    @BeforeEach
    void startServer() {
        server = MockupServer.builder().helloField("msg", "isdbgrid").requestTimeout(Duration.ofSeconds(10)).start();
        server.autoResponds("ping");
        server.autoResponds("insert", Reply.ok(new Document("n", 1)));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private Document run(Client client, String scenario) {
        client.require();
        try (ClientRun run = client.start(Client.uri(server), scenario)) {
            Document out = run.await(DEADLINE).json();
            System.out.printf("[client fail point] %s %s: %s%n", client, scenario, out.toJson());
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "NODE"})
    void errorCodeIsTheClientsOwnCommandError(Client client) {
        Document out = run(client, "failpoint-error");
        Outputs.assertError(out, client.commandErrorClass(), "Failing command via 'failCommand' failpoint");
        assertEquals(2, out.getInteger("code"), out.toJson());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "NODE"})
    void closeConnectionIsANetworkErrorAtOnce(Client client) {
        Document out = run(client, "failpoint-close");
        Outputs.assertError(out, client.networkErrorClass(), "closed|Failed to read|connection");
        Outputs.assertFasterThan(out, Client.SOCKET_TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "NODE"})
    void closeConnectionOnInsertIsRetriedOnceWithTheSameLsidAndTxnNumber(Client client) {
        Document out = run(client, "failpoint-retry");
        assertEquals(1, ((Number) Outputs.result(out, Document.class).get("insertedId")).intValue(), out.toJson());
        List<Request> inserts = server.requests().stream().filter(r -> r.matches(Spec.command("insert"))).toList();
        assertEquals(2, inserts.size(), "expected the insert and its retry, got " + inserts);
        BsonDocument first = inserts.get(0).body();
        BsonDocument second = inserts.get(1).body();
        assertTrue(first.containsKey("txnNumber"), first.toJson());
        assertEquals(first.get("lsid"), second.get("lsid"));
        assertEquals(first.get("txnNumber"), second.get("txnNumber"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "NODE"})
    void timesTwoFaultsExactlyTwoAndCountSaysSo(Client client) {
        Document result = Outputs.result(run(client, "failpoint-times"), Document.class);
        assertEquals(2, ((Number) result.get("failed")).intValue(), result.toJson());
        assertEquals(2, ((Number) result.get("after")).longValue() - ((Number) result.get("before")).longValue(),
                result.toJson());
    }

    /**
     * PyMongo refuses a reply with any checksum ("Unsupported OP_MSG flag checksumPresent"); the
     * Node.js driver 7.9, like the Java driver, does not verify checksums and takes the reply.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "NODE"})
    void aBadChecksum(Client client) {
        server.injectFault(FaultRule.of(Fault.badChecksum(Reply.ok())).matching(Spec.command("ping")).times(1));
        Document out = run(client, "ping");
        if (client == Client.PYMONGO) {
            Outputs.assertError(out, "ProtocolError", "checksum");
        } else {
            assertEquals(1, ((Number) Outputs.result(out, Document.class).get("ok")).intValue(), out.toJson());
        }
    }

    /**
     * PyMongo refuses a reply to another request ("Got response id X but expected Y"); the Node.js
     * driver 7.9 does not compare responseTo on a connection that has one request in flight, and
     * takes the reply.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "NODE"})
    void aWrongResponseTo(Client client) {
        server.injectFault(FaultRule.of(Fault.wrongResponseTo(Reply.ok())).matching(Spec.command("ping")).times(1));
        Document out = run(client, "ping");
        long pings = server.requests().stream().filter(r -> r.matches(Spec.command("ping"))).count();
        assertEquals(1, pings, "one ping, not retried: " + server.transcript());
        if (client == Client.PYMONGO) {
            Outputs.assertError(out, "ProtocolError", "Got response id");
        } else {
            assertEquals(1, ((Number) Outputs.result(out, Document.class).get("ok")).intValue(), out.toJson());
        }
    }
}
