package org.mockupdb.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.json.JsonParseException;

/**
 * A client process started by a test: its standard output and error go to files under
 * {@code target/clients/runs}, and {@link #await} waits for it up to a deadline, then kills it.
 * Closing it kills a process that is still running, so a failing test leaves none behind.
 */
final class ClientRun implements AutoCloseable {
    private final String what;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos = System.nanoTime();
    private volatile boolean awaited;

    private ClientRun(String what, Process process, Path stdout, Path stderr) {
        this.what = what;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code command} with these extra environment variables; an {@link IOException} when it cannot run. */
    static ClientRun start(List<String> command, Map<String, String> environment) throws IOException {
        Path runs = Files.createDirectories(ClientPaths.target().resolve("runs"));
        String name = Path.of(command.get(0)).getFileName().toString();
        Path out = Files.createTempFile(runs, name + "-", ".out");
        Path err = Files.createTempFile(runs, name + "-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        return new ClientRun(String.join(" ", command), builder.start(), out, err);
    }

    /** Runs {@code command} to its end or the deadline; an {@link IOException} when it cannot run. */
    static Result run(List<String> command, Duration deadline) throws IOException {
        try (ClientRun run = start(command, Map.of())) {
            return run.await(deadline);
        }
    }

    /**
     * Waits for the process to exit, up to {@code deadline} from now.
     *
     * @throws AssertionError when it did not exit in time (it is killed), with what it printed
     */
    Result await(Duration deadline) {
        awaited = true;
        boolean exited;
        try {
            exited = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
        if (!exited) {
            kill();
            throw new AssertionError(what + " did not exit within " + deadline.toMillis() + " ms; it printed:\n"
                    + output());
        }
        return new Result(what, process.exitValue(), read(stdout), read(stderr),
                Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** What the process printed so far, both streams, for a failure message. */
    String output() {
        return "stdout: " + read(stdout) + "\nstderr: " + read(stderr);
    }

    /**
     * Kills the process if it is still running. When the test did not wait for it (it failed
     * before), prints what the process printed to standard error, to explain the failure.
     */
    @Override
    public void close() {
        boolean alive = process.isAlive();
        if (alive) {
            kill();
        }
        if (!awaited) {
            String state = alive ? "killed " + what + ", still running" : what + " exited with " + process.exitValue();
            System.err.println(state + " before its test waited for it; " + output());
        }
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output " + file, e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** A finished process: its exit code, what it printed, and how long it ran. */
    record Result(String what, int exitCode, String stdout, String stderr, Duration took) {
        /**
         * The one line of Extended JSON a scenario program prints as its last line, after checking
         * that the program exited with 0.
         */
        Document json() {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited with " + exitCode + "\n" + this);
            }
            String[] lines = stdout.strip().split("\n");
            String last = lines[lines.length - 1].strip();
            try {
                return Document.parse(last);
            } catch (JsonParseException | IllegalArgumentException e) {
                throw new AssertionError("expected " + what + " to print a line of JSON last\n" + this, e);
            }
        }

        @Override
        public String toString() {
            return "exit code " + exitCode + " after " + took.toMillis() + " ms\nstdout: " + stdout + "\nstderr: "
                    + stderr;
        }
    }
}
