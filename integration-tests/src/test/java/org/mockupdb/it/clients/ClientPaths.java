package org.mockupdb.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/** Where the client programs are checked in and where the tests build and run them. */
final class ClientPaths {
    private ClientPaths() {
    }

    /** The module's directory: Maven runs tests in it; an IDE may run them from the project's root. */
    static Path module() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("clients"))) {
            return here;
        }
        Path nested = here.resolve("integration-tests");
        if (Files.isDirectory(nested.resolve("clients"))) {
            return nested;
        }
        throw new IllegalStateException("expected the client programs in " + here.resolve("clients") + " or "
                + nested.resolve("clients") + ": run the tests from integration-tests or the project's root");
    }

    /** {@code integration-tests/clients}: the programs, one folder a language. */
    static Path sources() {
        return module().resolve("clients");
    }

    /** The reasons already printed, so that each is printed once however many tests it skips. */
    private static final Set<String> PRINTED = ConcurrentHashMap.newKeySet();

    /**
     * Skips the running test because something it needs is not installed, with {@code message}
     * naming what to install; under {@code CI=true} fails it instead, so CI cannot pass without it.
     * The first time a reason skips a test, it is also printed on standard error, so that the
     * console says why tests were skipped, not only Surefire's reports.
     */
    static void missing(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; under CI=true nothing may be missing, so this fails instead of skipping");
        }
        if (PRINTED.add(message)) {
            System.err.println("[SKIPPED] " + message + " (its tests are skipped; under CI=true they fail)");
        }
        Assumptions.abort(message);
    }

    /**
     * The standalone server's runnable jar, {@code mockup-standalone/target/mockup-standalone-*-standalone.jar},
     * which mockup-standalone's package phase builds ({@code mvn verify} runs it before these
     * tests); when it is not there, the test is skipped (failed under {@code CI=true}) with a message
     * saying how to build it.
     */
    static Path standaloneJar() {
        Path target = module().getParent().resolve("mockup-standalone").resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "mockup-standalone-*-standalone.jar")) {
                for (Path found : jars) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
        }
        missing("the standalone jar is not in " + target + ": mockup-standalone's package phase builds it (mvn -pl"
                + " integration-tests -am verify, or bin/mockupdb --help)");
        return null;
    }

    /** {@code integration-tests/target/clients}: the compiled C program and the processes' output. */
    static Path target() {
        return module().resolve("target").resolve("clients");
    }
}
