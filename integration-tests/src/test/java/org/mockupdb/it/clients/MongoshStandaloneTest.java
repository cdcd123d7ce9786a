package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar as a separate process, and the real {@code mongosh} against it: the shell
 * starts, pings and inserts with no error and no warning that comes from the server.
 *
 * <p>mongosh comes from {@code integration-tests/clients/node} ({@code .ci/install-clients}, or
 * {@code npm ci --prefix integration-tests/clients/node}); the {@code MONGOSH} environment variable
 * (or the {@code mongosh} system property) names another one. Without it the test is skipped, except
 * under CI ({@code CI=true}), where it fails. The jar is built by mockup-standalone's package phase,
 * which {@code mvn verify} runs before these tests.
 */
class MongoshStandaloneTest {
    private static final long SHELL_SECONDS = 90;
    private static final String EVAL = "const ping = db.runCommand({ping: 1});"
            + " const r = db.coll.insertOne({_id: 1, x: 'mockupdb'});"
            + " print(JSON.stringify({ping: ping.ok, acknowledged: r.acknowledged, insertedId: r.insertedId}))";
    private static final String EVAL_OUTPUT = "{\"ping\":1,\"acknowledged\":true,\"insertedId\":1}";

    private Path mongosh;

    @TempDir
    Path dir;
    private StandaloneProcess server;

    /** Per test, so that a missing client shows as each test skipped, with the reason. */
    @BeforeEach
    void locate() {
        mongosh = mongosh();
        ClientPaths.standaloneJar();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void evalPingsAndInsertsWithoutErrorOutput() throws Exception {
        String uri = startServer("--port", "0");
        Shell shell = runMongosh(null, "--quiet", uri, "--eval", EVAL);
        assertCleanRun(shell);
        assertEquals(EVAL_OUTPUT, shell.stdout().strip());
        assertTrue(conversation().contains("-> OpMsg({\"insert\": \"coll\""), conversation());
        stopAndAssertExited();
    }

    @Test
    void anInteractiveShellStartsWithoutWarningsFromTheServer() throws Exception {
        String uri = startServer("--port", "0");
        Shell shell = runMongosh("db.runCommand({ping: 1})\nshow dbs\nshow collections\ndb.coll.find()\n", uri);
        assertCleanRun(shell);
        String out = shell.stdout();
        assertTrue(out.contains("Using MongoDB:\t\t8.0.0"), out);
        assertTrue(out.contains("{ ok: 1 }"), out);
        for (String bad : List.of("startup warnings", "undefined", "Error", "MongoServerError", "Uncaught",
                "free monitoring", "Atlas")) {
            assertFalse(out.contains(bad), "mongosh printed '" + bad + "':\n" + out);
        }
        stopAndAssertExited();
    }

    @Test
    void overTlsWithTheCaFileThePrintedUriNames() throws Exception {
        String uri = startServer("--port", "0", "--tls");
        assertTrue(uri.contains("tls=true&tlsCAFile="), uri);
        Shell shell = runMongosh(null, "--quiet", uri, "--eval", EVAL);
        assertCleanRun(shell);
        assertEquals(EVAL_OUTPUT, shell.stdout().strip());
        stopAndAssertExited();
    }

    @Test
    void overAUnixSocket() throws Exception {
        String uri = startServer("--unix-socket", dir.resolve("m.sock").toString());
        assertTrue(uri.startsWith("mongodb://%2F"), uri);
        Shell shell = runMongosh(null, "--quiet", uri, "--eval", EVAL);
        assertCleanRun(shell);
        assertEquals(EVAL_OUTPUT, shell.stdout().strip());
        stopAndAssertExited();
    }

    // ------------------------------------------------------------------ authentication (--user)

    private static final List<String> ALICE = List.of("--username", "alice", "--password", "secret",
            "--authenticationDatabase", "admin");

    @Test
    void authenticatesWithUsernameAndPassword() throws Exception {
        String uri = startServer("--port", "0", "--user", "alice:secret");
        assertTrue(server.output().contains("users alice@admin"), server.output());
        List<String> args = new ArrayList<>(List.of("--quiet", uri));
        args.addAll(ALICE);
        args.addAll(List.of("--eval", EVAL));
        Shell shell = runMongosh(null, args.toArray(String[]::new));
        assertCleanRun(shell);
        assertEquals(EVAL_OUTPUT, shell.stdout().strip());
        assertTrue(conversation().contains("authenticated as alice@admin"), conversation());
        assertTrue(conversation().contains("-> OpMsg({\"insert\": \"coll\""), conversation());
        stopAndAssertExited();
    }

    @Test
    void anAuthenticatedInteractiveShellStartsWithoutWarnings() throws Exception {
        String uri = startServer("--port", "0", "--user", "alice:secret", "--no-all-ok");
        List<String> args = new ArrayList<>(List.of(uri));
        args.addAll(ALICE);
        Shell shell = runMongosh("db.runCommand({ping: 1})\nshow dbs\ndb.coll.find()\n", args.toArray(String[]::new));
        assertCleanRun(shell);
        String out = shell.stdout();
        assertTrue(out.contains("Using MongoDB:\t\t8.0.0"), out);
        for (String bad : List.of("startup warnings", "undefined", "Error", "MongoServerError", "Uncaught",
                "requires authentication")) {
            assertFalse(out.contains(bad), "mongosh printed '" + bad + "':\n" + out + "\nconversation:\n"
                    + conversation());
        }
        stopAndAssertExited();
    }

    @Test
    void aWrongPasswordIsAuthenticationFailed() throws Exception {
        String uri = startServer("--port", "0", "--user", "alice:secret");
        Shell shell = runMongosh(null, "--quiet", uri, "--username", "alice", "--password", "wrong",
                "--authenticationDatabase", "admin", "--eval", EVAL);
        String all = shell.stdout() + shell.stderr();
        assertTrue(shell.exitCode() != 0, "mongosh exit code " + shell.exitCode() + "; it printed:\n" + all);
        assertTrue(all.contains("Authentication failed"), "expected mongosh's 'Authentication failed', got:\n" + all
                + "\nconversation:\n" + conversation());
        assertFalse(conversation().contains("-> OpMsg({\"insert\""), conversation());
        stopAndAssertExited();
    }

    @Test
    void withoutCredentialsTheInsertRequiresAuthentication() throws Exception {
        String uri = startServer("--port", "0", "--user", "alice:secret");
        Shell shell = runMongosh(null, "--quiet", uri, "--eval", "db.coll.insertOne({_id: 1})");
        String all = shell.stdout() + shell.stderr();
        assertTrue(shell.exitCode() != 0, "mongosh exit code " + shell.exitCode() + "; it printed:\n" + all);
        assertTrue(all.contains("Command insert requires authentication"), all + "\nconversation:\n"
                + conversation());
        stopAndAssertExited();
    }

    // ------------------------------------------------------------------ the server process

    /** Starts the jar and returns the URI of its "listening" line, waiting for it with a deadline. */
    private String startServer(String... args) throws IOException {
        server = StandaloneProcess.start(args);
        return server.uri();
    }

    private String conversation() {
        return server == null ? "" : server.output();
    }

    private void stopAndAssertExited() throws InterruptedException {
        server.stopAndAssertExited();
    }

    // ------------------------------------------------------------------ mongosh

    private record Shell(int exitCode, String stdout, String stderr) {
    }

    private Shell runMongosh(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(mongosh.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "mongosh", ".out");
        Path err = Files.createTempFile(dir, "mongosh", ".err");
        Path in = Files.writeString(Files.createTempFile(dir, "mongosh", ".in"), input == null ? "" : input);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(in.toFile());
        builder.environment().put("DO_NOT_TRACK", "1");
        builder.environment().put("HOME", dir.toString());
        Process process = builder.start();
        if (!process.waitFor(SHELL_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("mongosh did not finish within " + SHELL_SECONDS + " s; it printed:\n" + Files.readString(out)
                    + Files.readString(err) + "\nthe server's conversation:\n" + conversation());
        }
        return new Shell(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private void assertCleanRun(Shell shell) {
        String context = "\nmongosh stdout:\n" + shell.stdout() + "\nmongosh stderr:\n" + shell.stderr()
                + "\nthe server's conversation:\n" + conversation();
        assertEquals(0, shell.exitCode(), "mongosh exit code" + context);
        assertEquals("", shell.stderr(), "mongosh wrote to stderr" + context);
        for (String line : shell.stdout().split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            // mongosh's own notice about the Node.js it runs on is not the server's doing.
            boolean nodeNotice = lower.contains("node.js");
            assertFalse(lower.contains("warning") && !lower.contains("deprecation warnings") && !nodeNotice,
                    "mongosh printed a warning: " + line + context);
        }
    }

    // ------------------------------------------------------------------ where things are

    private static Path mongosh() {
        Path path = Client.mongosh();
        if (!Files.isExecutable(path)) {
            ClientPaths.missing("mongosh is not installed at " + path + ": run .ci/install-clients (or npm ci --prefix "
                    + "integration-tests/clients/node), or name one with the MONGOSH environment variable");
        }
        return path;
    }
}
