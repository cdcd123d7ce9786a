package org.mockupdb.it.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The standalone jar ({@link ClientPaths#standaloneJar()}) run as a separate process, as a user
 * runs {@code bin/mockupdb}: {@link #start} waits, with a deadline, for its line
 * {@code MockupDB listening on URI (...)} and keeps everything it prints for failure messages.
 * Closing it kills a process still running.
 */
final class StandaloneProcess implements AutoCloseable {
    /** How long the JVM may take to print its listening line. */
    static final Duration START = Duration.ofSeconds(30);
    private static final String LISTENING = "MockupDB listening on ";

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private StandaloneProcess(Process process) {
        this.process = process;
    }

    /** Runs the jar with these arguments, standard error merged into standard output; does not wait. */
    static StandaloneProcess run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar",
                ClientPaths.standaloneJar().toString()));
        command.addAll(List.of(args));
        StandaloneProcess server = new StandaloneProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        Thread reader = new Thread(server::read, "mockupdb-standalone-output");
        reader.setDaemon(true);
        reader.start();
        return server;
    }

    /** Runs the jar and returns once it listens, up to {@link #START}. */
    static StandaloneProcess start(String... args) throws IOException {
        StandaloneProcess server = run(args);
        try {
            server.listening.get(START.toSeconds(), TimeUnit.SECONDS);
            return server;
        } catch (TimeoutException | ExecutionException e) {
            server.close();
            throw new AssertionError("expected the standalone server to print its listening line within "
                    + START.toSeconds() + " s, got: " + e + "\nit printed:\n" + server.output, e);
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the standalone server", e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith(LISTENING)) {
                    listening.complete(line);
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("the server's output ended"));
        drained.complete(null);
    }

    /** The listening line, in full. */
    String listeningLine() {
        return listening.join();
    }

    /** The connection string of the listening line. */
    String uri() {
        return listeningLine().substring(LISTENING.length()).split(" ")[0];
    }

    /** Everything the process printed so far, both streams. */
    String output() {
        return output.toString();
    }

    /**
     * Waits for the process to exit by itself (as after a wrong option), up to {@code deadline}.
     *
     * @return its exit code
     * @throws AssertionError when it is still running then (it is killed), with what it printed
     */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("expected the standalone server to exit within " + deadline.toMillis()
                    + " ms; it printed:\n" + output);
        }
        // The reader may still be taking the last lines; the stream ends with the process.
        try {
            drained.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the standalone server exited, but its output did not end within 10 s: " + e
                    + "\nit printed:\n" + output, e);
        }
        return process.exitValue();
    }

    /** Stops it as Ctrl-C would (SIGTERM) and checks that it exits within 10 s. */
    void stopAndAssertExited() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the server did not exit within 10 s of SIGTERM");
        assertFalse(process.isAlive());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
