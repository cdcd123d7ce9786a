package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockupdb.MockupServer;
import org.mockupdb.Request;
import org.mockupdb.Spec;

/**
 * Each real client (PyMongo, the C driver, the Node.js driver, mongosh) as a separate process,
 * through the server: a ping, an insert whose documents the test checks, a find served in two
 * batches, a command error that the client reports as its own error, and a hang-up that the
 * client reports at once. Subclasses choose the transport: {@link ClientScenariosTest} plain TCP,
 * {@link ClientScenariosOverTlsTest} TLS.
 */
abstract class ClientScenarios {
    /** How long a client process may take, mongosh's start-up included. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private MockupServer server;

    /** A server over this class's transport, not started. */
    abstract MockupServer.Builder server();

    /** The URI a client connects to {@code server} with, timeouts included. */
    abstract String uri(MockupServer server);

    /**
     * Starts the server. A client here is a process (mongosh takes seconds to start on a loaded
     * 2-core machine), so the test waits up to 30 s for its request: a bound that only a failing
     * test reaches.
     */
    @BeforeEach
    void startServer() {
        server = server().requestTimeout(Duration.ofSeconds(30)).start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private ClientRun start(Client client, String scenario) {
        client.require();
        client.answerStartup(server);
        return client.start(uri(server), scenario);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void ping(Client client) {
        try (ClientRun run = start(client, "ping")) {
            server.receives(Spec.command("ping").inDatabase("admin")).ok();
            Document out = run.await(DEADLINE).json();
            assertEquals(1, ((Number) Outputs.result(out, Document.class).get("ok")).intValue(), out.toJson());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void insert(Client client) {
        try (ClientRun run = start(client, "insert")) {
            Request insert = server.receives(Spec.command("insert", "coll").inDatabase("db"));
            assertEquals(List.of(BsonDocument.parse("{_id: 1, name: 'a'}"), BsonDocument.parse("{_id: 2, name: 'b'}")),
                    insert.body().getArray("documents").getValues(), insert.toString());
            insert.ok("n", 2);
            Document out = run.await(DEADLINE).json();
            Document result = Outputs.result(out, Document.class);
            assertEquals(List.of(1, 2), result.getList("insertedIds", Integer.class), out.toJson());
            if (result.containsKey("insertedCount")) { // the C driver reports the server's n as well
                assertEquals(2, ((Number) result.get("insertedCount")).intValue(), out.toJson());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void findInTwoBatches(Client client) {
        try (ClientRun run = start(client, "find")) {
            server.receives(Spec.command("find", "coll").inDatabase("db")
                    .withField("filter", new Document("x", new Document("$gt", 0)))
                    .withField("batchSize", 2))
                    .ok("cursor", BsonDocument.parse("{id: {$numberLong: '42'}, ns: 'db.coll',"
                            + " firstBatch: [{_id: 1, x: 1}, {_id: 2, x: 2}]}"));
            server.receives(Spec.command("getMore", 42L).inDatabase("db").withField("collection", "coll"))
                    .ok("cursor", BsonDocument.parse("{id: {$numberLong: '0'}, ns: 'db.coll',"
                            + " nextBatch: [{_id: 3, x: 3}]}"));
            Document out = run.await(DEADLINE).json();
            assertEquals(List.of(Document.parse("{_id: 1, x: 1}"), Document.parse("{_id: 2, x: 2}"),
                    Document.parse("{_id: 3, x: 3}")), Outputs.result(out, List.class), out.toJson());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void commandErrorIsTheClientsOwnError(Client client) {
        try (ClientRun run = start(client, "error")) {
            server.receives(Spec.command("count", "coll").inDatabase("db"))
                    .commandError(13, "not authorized on db to execute command { count: \"coll\" }");
            Document out = run.await(DEADLINE).json();
            Outputs.assertError(out, client.commandErrorClass(), "not authorized on db");
            assertEquals(13, out.getInteger("code"), out.toJson());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Client.class)
    void hangUpIsANetworkErrorAtOnce(Client client) {
        try (ClientRun run = start(client, "hangup")) {
            server.receives(Spec.command("ping")).hangUp();
            Document out = run.await(DEADLINE).json();
            Outputs.assertError(out, client.networkErrorClass(), "closed|Failed to read");
            Outputs.assertFasterThan(out, Client.SOCKET_TIMEOUT);
        }
    }
}
