package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar's {@code --replica-set}: real clients of other languages discover the set
 * from the URI of its listening line and write to its primary. Skipped when the client is not
 * installed (failed under {@code CI=true}), as the other client tests are.
 */
class ReplicaSetStandaloneTest {
    private static final Duration CLIENT = Duration.ofSeconds(90);
    private static final String MONGOSH_EVAL = "const r = db.c.insertOne({x: 1});"
            + " const h = db.hello();"
            + " print(JSON.stringify({acknowledged: r.acknowledged, setName: h.setName, hosts: h.hosts.length,"
            + " writable: h.isWritablePrimary}))";
    private static final String PYMONGO = String.join("\n",
            "import json, sys, pymongo",
            "client = pymongo.MongoClient(sys.argv[1], serverSelectionTimeoutMS=10000)",
            "r = client.db.c.insert_one({'x': 1})",
            "print(json.dumps({'acknowledged': r.acknowledged, 'primary': '%s:%d' % client.primary,",
            "                  'secondaries': len(client.secondaries)}))",
            "client.close()");

    @TempDir
    Path dir;
    private StandaloneProcess server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mongoshInsertsIntoTheSetOfThePrintedUri() throws Exception {
        Path mongosh = Client.mongosh();
        if (!Files.isExecutable(mongosh)) {
            ClientPaths.missing("mongosh is not installed at " + mongosh + ": run .ci/install-clients (or npm ci "
                    + "--prefix integration-tests/clients/node), or name one with the MONGOSH environment variable");
        }
        ClientPaths.standaloneJar();
        server = StandaloneProcess.start("--replica-set", "shop", "--port", "0");
        String uri = server.uri();
        assertTrue(uri.matches("mongodb://localhost:\\d+,localhost:\\d+,localhost:\\d+/\\?replicaSet=shop"), uri);
        assertTrue(server.listeningLine().contains("(replica set \"shop\" of 3 members, primary localhost:"),
                server.listeningLine());
        ClientRun.Result shell;
        try (ClientRun run = ClientRun.start(List.of(mongosh.toString(), "--quiet", "--norc", uri, "--eval",
                MONGOSH_EVAL), Map.of("DO_NOT_TRACK", "1", "MONGOSH_NO_TELEMETRY", "1", "HOME", dir.toString()))) {
            shell = run.await(CLIENT);
        }
        String context = "\nmongosh: " + shell + "\nthe server printed:\n" + server.output();
        assertEquals(0, shell.exitCode(), "mongosh exit code" + context);
        assertEquals("{\"acknowledged\":true,\"setName\":\"shop\",\"hosts\":3,\"writable\":true}",
                shell.stdout().strip(), context);
        String primary = uri.substring("mongodb://".length(), uri.indexOf(','));
        assertTrue(server.output().contains("[member 0]") && server.output().contains("-> OpMsg({\"insert\": \"c\""),
                "the primary, member 0 (" + primary + "), printed the insert" + context);
        server.stopAndAssertExited();
    }

    @Test
    void pymongoDiscoversTheSetAndInsertsOnItsPrimary() throws Exception {
        String missing = Client.PYMONGO.probe();
        if (missing != null) {
            ClientPaths.missing(missing + ": install Debian's python3-pymongo");
        }
        ClientPaths.standaloneJar();
        server = StandaloneProcess.start("--replica-set", "rs", "--members", "2", "--port", "0");
        String uri = server.uri();
        ClientRun.Result result = ClientRun.run(List.of(Client.PYTHON, "-c", PYMONGO, uri), CLIENT);
        String context = "\npymongo: " + result + "\nthe server printed:\n" + server.output();
        assertEquals(0, result.exitCode(), "python exit code" + context);
        String primary = uri.substring("mongodb://".length(), uri.indexOf(','));
        assertEquals("{\"acknowledged\": true, \"primary\": \"" + primary + "\", \"secondaries\": 1}",
                result.stdout().strip(), context);
        server.stopAndAssertExited();
    }
}
