package org.mockupdb.it.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.standalone.ShellReplies;

/**
 * Evaluates the README's JShell script ({@code ShellScript.jsh}) with JShell, in this JVM, on the
 * class path the standalone jar holds (mockup-core, mockup-standalone, bson), then drives the Java
 * driver against the server it started on port 27017: the served cursor, the shell's replies
 * under it, and the hang-up on {@code listCollections}.
 */
class ShellScriptTest {
    private static final int PORT = 27017;

    @Test
    void theScriptServesWhatItSays() throws IOException {
        assumePortFree();
        String script = Files.readString(Project.module().resolve(ReadmeSnippetsTest.EXAMPLES).resolve("ShellScript.jsh"),
                StandardCharsets.UTF_8);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        // verbose(true) prints the conversation on the standard error it finds when the script runs:
        // kept here, for the assertion and for a failure's message, rather than on the console.
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (JShell shell = JShell.builder().executionEngine("local")
                .out(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .err(new PrintStream(printed, true, StandardCharsets.UTF_8)).build()) {
            for (Class<?> type : List.of(MockupServer.class, ShellReplies.class, Document.class)) {
                shell.addToClasspath(location(type));
            }
            try {
                evaluate(shell, script);
                try (MongoClient client = MongoClients.create("mongodb://localhost:" + PORT
                        + "/?serverSelectionTimeoutMS=5000&connectTimeoutMS=5000&socketTimeoutMS=10000")) {
                    assertEquals(List.of(new Document("_id", 1)),
                            client.getDatabase("db").getCollection("users").find().into(new ArrayList<>()));
                    assertEquals(1.0, ((Number) client.getDatabase("admin").runCommand(new Document("ping", 1))
                            .get("ok")).doubleValue(), "the shell replies answer a ping");
                    assertThrows(MongoSocketException.class,
                            () -> client.getDatabase("db").listCollectionNames().into(new ArrayList<>()),
                            "expected listCollections to be hung up on");
                }
            } finally {
                shell.eval("server.stop();");   // when the script did not get as far as a server, JShell rejects it
            }
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nThe script and its server printed:\n" + printed, e);
        } finally {
            System.setErr(stderr);
        }
        String conversation = printed.toString(StandardCharsets.UTF_8);
        assertTrue(conversation.contains("listCollections"),
                "expected the verbose server to print the conversation, with listCollections; it printed:\n"
                        + conversation);
    }

    /** Evaluates each snippet of {@code script} in turn; an AssertionError for one JShell rejects or that throws. */
    private static void evaluate(JShell shell, String script) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = script;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                return;
            }
            if (!info.completeness().isComplete()) {
                throw new AssertionError("the script ends in an incomplete snippet (" + info.completeness() + "): "
                        + remaining);
            }
            for (SnippetEvent event : shell.eval(info.source())) {
                if (event.status() == Snippet.Status.REJECTED) {
                    String why = shell.diagnostics(event.snippet())
                            .map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
                    throw new AssertionError("JShell rejected `" + event.snippet().source().strip() + "`: " + why);
                }
                if (event.exception() != null) {
                    throw new AssertionError("`" + event.snippet().source().strip() + "` threw "
                            + event.exception(), event.exception());
                }
            }
            remaining = info.remaining();
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type, e);
        }
    }

    /** The script serves on 27017, as the README says: skipped (failed under CI=true) when a server has it. */
    private static void assumePortFree() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 1000);
        } catch (IOException free) {
            return;
        }
        String why = "port " + PORT + " is in use (a mongod?); the README's JShell script serves on it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why + "; under CI=true this fails instead of skipping");
        }
        System.err.println("[SKIPPED] ShellScriptTest: " + why);
        Assumptions.abort(why);
    }
}
