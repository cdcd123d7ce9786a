package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * under CI ({@code CI=true}), where it fails. The jar is built by mockup-core's package phase, which
 * {@code mvn verify} runs before these tests.
 */
class MongoshStandaloneTest {
    private static final long START_SECONDS = 30;
    private static final long SHELL_SECONDS = 90;
    private static final String EVAL = "const ping = db.runCommand({ping: 1});"
            + " const r = db.coll.insertOne({_id: 1, x: 'mockupdb'});"
            + " print(JSON.stringify({ping: ping.ok, acknowledged: r.acknowledged, insertedId: r.insertedId}))";
    private static final String EVAL_OUTPUT = "{\"ping\":1,\"acknowledged\":true,\"insertedId\":1}";

    private Path jar;
    private Path mongosh;

    @TempDir
    Path dir;
    private Process server;
    private final StringBuffer conversation = new StringBuffer();

    /** Per test, so that a missing client shows as each test skipped, with the reason. */
    @BeforeEach
    void locate() throws IOException {
        Path root = ClientPaths.module().getParent();
        mongosh = mongosh();
        jar = standaloneJar(root);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void evalPingsAndInsertsWithoutErrorOutput() throws Exception {
        String uri = startServer("--port", "0");
        Shell shell = runMongosh(null, "--quiet", uri, "--eval", EVAL);
        assertCleanRun(shell);
        assertEquals(EVAL_OUTPUT, shell.stdout().strip());
        assertTrue(conversation.toString().contains("-> OpMsg({\"insert\": \"coll\""), conversation.toString());
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

    // ------------------------------------------------------------------ the server process

    /** Starts the jar and returns the URI of its "listening" line, waiting for it with a deadline. */
    private String startServer(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        server = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    conversation.append(line).append('\n');
                    if (line.startsWith("MockupDB listening on ")) {
                        listening.complete(line.substring("MockupDB listening on ".length()).split(" ")[0]);
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("the server's output ended"));
        }, "mockupdb-standalone-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return listening.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new AssertionError("expected the standalone server to print its listening line within "
                    + START_SECONDS + " s, got: " + e + "\n" + conversation, e);
        }
    }

    private void stopAndAssertExited() throws InterruptedException {
        server.destroy();
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the server did not exit within 10 s of SIGTERM");
        assertFalse(server.isAlive());
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
                    + Files.readString(err) + "\nthe server's conversation:\n" + conversation);
        }
        return new Shell(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private void assertCleanRun(Shell shell) {
        String context = "\nmongosh stdout:\n" + shell.stdout() + "\nmongosh stderr:\n" + shell.stderr()
                + "\nthe server's conversation:\n" + conversation;
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

    private static Path standaloneJar(Path root) throws IOException {
        Path target = root.resolve("mockup-core/target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "mockup-core-*-standalone.jar")) {
                for (Path found : jars) {
                    return found;
                }
            }
        }
        ClientPaths.missing("the standalone jar is not in " + target + ": mockup-core's package phase builds it "
                + "(mvn verify runs it before these tests)");
        return null;
    }
}
