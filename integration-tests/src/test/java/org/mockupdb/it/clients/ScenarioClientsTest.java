package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bin/mockupdb --scenario FILE} as other languages use it: the standalone jar as a process,
 * with the README's example scenario ({@code mockup-standalone/examples/scenario.json}), and
 * PyMongo, the C driver and the Node.js driver as processes against it, each run checking what
 * the client printed:
 *
 * <ul>
 *   <li>{@code find}: the cursor rule's three documents, in the two batches the client asked for;</li>
 *   <li>{@code error}: the error rule's code and message, as the client's own command error;</li>
 *   <li>{@code hangup}: the first ping is hung up on, at once ({@code times: 1}); the next ping is
 *       answered by the shell replies under the scenario, since the rule has retired;</li>
 *   <li>{@code insert}: the reply rule's {@code n}, after its {@code delayMS};</li>
 *   <li>{@code listcollections}: no rule matches, so the shell replies' empty list.</li>
 * </ul>
 *
 * <p>A client that is not installed skips its test ({@code .ci/install-clients} installs them all).
 */
class ScenarioClientsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Duration DELAY = Duration.ofMillis(300);

    /** The README's example, checked in beside the module that reads it. */
    static Path example() {
        return ClientPaths.module().getParent().resolve("mockup-standalone/examples/scenario.json");
    }

    private static Document run(Client client, String uri, String scenario) {
        try (ClientRun run = client.start(Client.uri(uri), scenario)) {
            return run.await(DEADLINE).json();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void theExampleScenarioAsEachClientSeesIt(Client client) throws IOException, InterruptedException {
        client.require();
        try (StandaloneProcess server = StandaloneProcess.start("--port", "0", "--scenario", example().toString())) {
            String uri = server.uri();
            String context = "\nthe server printed:\n";

            Document found = run(client, uri, "find");
            assertEquals(List.of(Document.parse("{_id: 1, x: 1}"), Document.parse("{_id: 2, x: 2}"),
                    Document.parse("{_id: 3, x: 3}")), Outputs.result(found, List.class),
                    found.toJson() + context + server.output());
            assertTrue(server.output().contains("-> OpMsg({\"getMore\""),
                    "the client got the third document with a getMore" + context + server.output());

            Document error = run(client, uri, "error");
            Outputs.assertError(error, client.commandErrorClass(), "not authorized on db");
            assertEquals(13, error.getInteger("code"), error.toJson());

            Document hungUp = run(client, uri, "hangup");
            Outputs.assertError(hungUp, client.networkErrorClass(), "closed|Failed to read");
            Outputs.assertFasterThan(hungUp, Client.SOCKET_TIMEOUT);
            Document pinged = run(client, uri, "ping");
            assertEquals(1, ((Number) Outputs.result(pinged, Document.class).get("ok")).intValue(),
                    "the hang-up rule had one use; the shell replies answer the next ping: " + pinged.toJson()
                            + context + server.output());

            Document inserted = run(client, uri, "insert");
            assertEquals(List.of(1, 2), Outputs.result(inserted, Document.class).getList("insertedIds", Integer.class),
                    inserted.toJson());
            long ms = ((Number) inserted.get("ms")).longValue();
            assertTrue(ms >= DELAY.toMillis(), "expected the insert to take the rule's " + DELAY.toMillis()
                    + " ms delay at least, it took " + ms + " ms: " + inserted.toJson());

            Document collections = run(client, uri, "listcollections");
            assertEquals(List.of(), Outputs.result(collections, List.class), collections.toJson());
            server.stopAndAssertExited();
        }
    }

    /** {@code --user}: each client authenticates with the URI's credentials, and a wrong password is refused. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void withUsersEachClientAuthenticates(Client client) throws IOException, InterruptedException {
        client.require();
        try (StandaloneProcess server = StandaloneProcess.start("--port", "0", "--user", "alice:s3cret")) {
            String uri = Client.uri(server.uri(), "authSource=admin");
            String context = "\nthe server printed:\n";
            Document inserted = run(client, withCredentials(uri, "alice:s3cret"), "insert");
            assertEquals(List.of(1, 2), Outputs.result(inserted, Document.class).getList("insertedIds", Integer.class),
                    inserted.toJson() + context + server.output());
            assertTrue(server.output().contains("authenticated as alice@admin"), context + server.output());

            Document refused = run(client, withCredentials(uri, "alice:wrong"), "ping");
            Outputs.assertError(refused, ClientAuthTest.authenticationErrorClass(client), "Authentication failed");
            assertEquals(ClientAuthTest.authenticationErrorCode(client), ((Number) refused.get("code")).intValue(),
                    refused.toJson());
            server.stopAndAssertExited();
        }
    }

    /** {@code --tls --x509}: each client authenticates with MONGODB-X509, presenting the shipped certificate. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Client.class, names = {"PYMONGO", "LIBMONGOC", "NODE"})
    void withX509EachClientAuthenticates(Client client) throws IOException, InterruptedException {
        client.require();
        try (StandaloneProcess server = StandaloneProcess.start("--port", "0", "--tls", "--x509-user",
                org.mockupdb.MockupTls.clientCertificateSubject())) {
            String uri = Client.uri(server.uri(), "authMechanism=MONGODB-X509",
                    "tlsCertificateKeyFile=" + org.mockupdb.MockupTls.clientCertificateKeyFile());
            Document inserted = run(client, uri, "insert");
            assertEquals(List.of(1, 2), Outputs.result(inserted, Document.class).getList("insertedIds", Integer.class),
                    inserted.toJson() + "\nthe server printed:\n" + server.output());
            String subject = org.mockupdb.MockupTls.clientCertificateSubject();
            assertTrue(server.output().contains("authenticated as " + subject), server.output());
            server.stopAndAssertExited();
        }
    }

    private static String withCredentials(String uri, String userAndPassword) {
        return "mongodb://" + userAndPassword + "@" + uri.substring("mongodb://".length());
    }

    @Test
    void theReadmeShowsTheExampleAsItIs() throws IOException {
        String readme = Files.readString(ClientPaths.module().getParent().resolve("README.md"), StandardCharsets.UTF_8);
        String example = Files.readString(example(), StandardCharsets.UTF_8);
        assertTrue(readme.contains("```json\n" + example + "```"),
                "expected README.md to quote " + example() + " in a json block as it is:\n" + example);
    }

    @Test
    void aWrongScenarioFileExitsWith2NamingTheRuleAndField(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("wrong.json"),
                "[{\"match\": {\"ping\": 1}, \"reply\": {}}, {\"match\": {\"find\": \"c\"}, \"fault\": \"hangup\"}]");
        try (StandaloneProcess server = StandaloneProcess.run("--port", "0", "--scenario", file.toString())) {
            assertEquals(2, server.awaitExit(StandaloneProcess.START), server.output());
            assertEquals("mockupdb: scenario " + file + ", rule 1, field fault: expected \"hangUp\" or \"reset\","
                    + " got \"hangup\" (string)\n", server.output());
        }
    }
}
