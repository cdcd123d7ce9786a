package org.mockupdb.standalone.internal;

import org.mockupdb.Request;
import org.mockupdb.Reply;
import org.mockupdb.OpMsg;
import org.mockupdb.ConversationEvent;
import org.mockupdb.Command;
import org.bson.Document;
import org.bson.BsonBinary;
import java.util.Optional;
import java.time.Instant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockupdb.MockupServer;

/** The standalone server's command line, parsed without starting a process. */
class MainTest {

    @Test
    void defaultsAreAnAllOkServerOnPort27017() {
        Main.Options o = Main.Options.parse(new String[0]);
        assertEquals(27017, o.port);
        assertTrue(o.allOk);
        assertFalse(o.tls);
        assertNull(o.unixSocket);
        assertFalse(o.verbose);
        assertFalse(o.quiet);
        assertEquals(25, o.maxWireVersion);
    }

    @Test
    void everyOptionIsParsed() {
        Main.Options o = Main.Options.parse(new String[] {"--port", "0", "--max-wire-version", "21",
                "--min-wire-version", "6", "--no-all-ok", "--verbose", "--tls", "--host", "127.0.0.1"});
        assertEquals(0, o.port);
        assertEquals(21, o.maxWireVersion);
        assertEquals(6, o.minWireVersion);
        assertFalse(o.allOk);
        assertTrue(o.verbose);
        assertTrue(o.tls);
        assertEquals("127.0.0.1", o.host.getHostAddress());

        Main.Options socket = Main.Options.parse(new String[] {"--unix-socket", "/tmp/m.sock", "--quiet", "--all-ok"});
        assertEquals(Path.of("/tmp/m.sock"), socket.unixSocket);
        assertTrue(socket.quiet);
        assertTrue(socket.allOk);
        assertTrue(Main.Options.parse(new String[] {"--help"}).help);
    }

    @Test
    void helpExplainsEveryOption() {
        for (String option : List.of("--port", "--host", "--unix-socket", "--tls", "--max-wire-version",
                "--min-wire-version", "--all-ok", "--no-all-ok", "--scenario", "--verbose", "--quiet", "--help",
                "--user", "--x509", "--x509-user")) {
            assertTrue(Main.USAGE.contains("  " + option + " "), option + " is missing from the help:\n" + Main.USAGE);
        }
        assertTrue(Main.USAGE.contains("mongosh"), "the help has an example with mongosh");
    }

    @Test
    void anUnknownOptionIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--port", "1", "--frobnicate"}));
        assertEquals("unknown option '--frobnicate'", e.getMessage());
    }

    @Test
    void wrongValuesSayWhatWasWrong() {
        assertEquals("--port needs a value", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--port"})).getMessage());
        assertEquals("--port expects a number, got 'x'", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--port", "x"})).getMessage());
        assertEquals("--port expects a number from 0 to 65535, got 70000", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--port", "70000"})).getMessage());
        // Combinations the server itself refuses are refused by configure, with the builder's words.
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Main.configure(List.of("--tls", "--unix-socket", "/tmp/m.sock"), System.out)).getMessage()
                .startsWith("expected TLS or a Unix socket, got both"));
        assertEquals("expected minWireVersion <= maxWireVersion, got 7 > 6", assertThrows(IllegalArgumentException.class,
                () -> Main.configure(List.of("--max-wire-version", "6", "--min-wire-version", "7"), System.out))
                .getMessage());
    }

    @Test
    void usersAreParsedWithTheirDatabaseAfterTheLastAt() {
        Main.Options o = Main.Options.parse(new String[] {"--user", "alice:secret", "--user", "bob:p@ss:w@app",
                "--tls", "--x509-user", "CN=client,O=MockupDB"});
        assertEquals(List.of("MockupUser(alice@admin [SCRAM-SHA-1, SCRAM-SHA-256])",
                "MockupUser(bob@app [SCRAM-SHA-1, SCRAM-SHA-256])"), o.users.stream().map(Object::toString).toList());
        assertEquals(List.of("CN=client,O=MockupDB"), o.x509Users);
        assertEquals(org.mockupdb.MockupUser.scram("bob", "p@ss:w").database("app"), o.users.get(1),
                "the password is what lies between the first ':' and the last '@'");
        assertTrue(Main.Options.parse(new String[] {"--tls", "--x509"}).x509);
        assertTrue(Main.authentication(o).startsWith(", users alice@admin bob@app, X.509 (client certificate: "),
                Main.authentication(o));
    }

    @Test
    void badUserValuesNameTheOptionAndNeverRepeatThePassword() {
        for (String[] c : new String[][] {
                {"--user", "alice", "--user expects NAME:PASSWORD[@DATABASE], got 'alice' (no ':')"},
                {"--user", ":Hidden1", "--user expects NAME:PASSWORD[@DATABASE], got no name before ':'"},
                {"--user", "alice:", "--user alice: expects a password after ':', got none"},
                {"--user", "alice:@admin", "--user alice: expects a password after ':', got none"},
                {"--user", "alice:Hidden2@", "--user alice: expected a database for the SCRAM user alice, got \"\""},
                {"--user", "alice:Hidden3@$external",
                        "--user alice: expected a database for the SCRAM user alice, got \"$external\""},
                {"--user", null, "--user needs a value"},
                {"--x509-user", " ", "--x509-user expects a certificate subject such as "
                        + "'CN=client,OU=MockupDB,O=MockupDB,C=US', got ' '"}}) {
            String[] args = c[1] == null ? new String[] {c[0]} : new String[] {"--tls", c[0], c[1]};
            assertEquals(c[2], assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(args))
                    .getMessage(), String.join(" ", args));
        }
        assertEquals("--user alice@admin is given twice", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--user", "alice:Hidden4", "--user", "alice:Hidden5@admin"}))
                .getMessage());
        assertEquals("--x509 needs --tls: clients present their certificate in the TLS handshake",
                assertThrows(IllegalArgumentException.class, () -> Main.Options.parse(new String[] {"--x509"}))
                        .getMessage());
        assertEquals("--x509-user needs --tls: clients present their certificate in the TLS handshake",
                assertThrows(IllegalArgumentException.class,
                        () -> Main.Options.parse(new String[] {"--x509-user", "CN=x"})).getMessage());
    }

    @Test
    void withUsersAnUnauthenticatedCommandGetsUnauthorizedBeforeTheFallback() throws Exception {
        for (String fallback : List.of("--all-ok", "--no-all-ok")) {
            try (MockupServer server = Main.configure(List.of("--port", "0", "--quiet", fallback, "--user", "alice:pw"),
                    System.out).start();
                 java.net.Socket socket = new java.net.Socket(server.host(), server.port())) {
                org.bson.BsonDocument reply = RawCommand.run(socket, new org.bson.BsonDocument("find",
                        new org.bson.BsonString("coll")).append("$db", new org.bson.BsonString("db")));
                assertEquals(13, reply.getInt32("code").getValue(), fallback + ": " + reply.toJson());
                org.bson.BsonDocument buildInfo = RawCommand.run(socket, new org.bson.BsonDocument("buildInfo",
                        new org.bson.BsonInt32(1)).append("$db", new org.bson.BsonString("admin")));
                assertEquals(1.0, buildInfo.getNumber("ok").doubleValue(), fallback + ": " + buildInfo.toJson());
                assertTrue(buildInfo.containsKey("version"), "mongod answers buildInfo unauthenticated: "
                        + buildInfo.toJson());
            }
        }
    }

    @Test
    void configureBuildsTheServerTheOptionsDescribe() {
        MockupServer tls = Main.configure(List.of("--port", "0", "--tls", "--max-wire-version", "21", "--quiet"),
                System.out);
        assertTrue(tls.isTls());
        assertEquals(21, tls.maxWireVersion());
        MockupServer socket = Main.configure(List.of("--unix-socket", "/tmp/mockupdb-main-test.sock", "--quiet"),
                System.out);
        assertEquals(Path.of("/tmp/mockupdb-main-test.sock"), socket.unixSocket().orElseThrow());
        assertEquals("mongodb://%2Ftmp%2Fmockupdb-main-test.sock", socket.uri());
    }

    @Test
    void theTlsConnectionStringNamesTheCaFile() {
        try (MockupServer server = Main.configure(List.of("--port", "0", "--tls", "--quiet"), System.out).start()) {
            String uri = Main.connectionString(server);
            assertTrue(uri.startsWith("mongodb://localhost:" + server.port() + "/?tls=true&tlsCAFile=%2F"), uri);
        }
    }

    @Test
    void theConversationLeavesOutHeartbeatsAndSessionIds() {
        List<String> printed = new ArrayList<>();
        Main.Conversation conversation = new Main.Conversation(printed::add);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Request handshake = Command.of("admin", new Document("ismaster", 1).append("helloOk", true)
                .append("client", new Document("driver", new Document("name", "mongo-java-driver").append("version",
                        "5.14.0")).append("os", new Document("type", "Linux")).append("application",
                        new Document("name", "orders"))));
        Request heartbeat = OpMsg.of(new Document("hello", 1).append("$db", "admin"));
        Request ping = OpMsg.of(new Document("ping", 1).append("lsid", new Document("id", new BsonBinary(
                java.util.UUID.fromString("0fb3dad7-dc5b-489d-90ac-07120abe4baa")))).append("$db", "admin"));
        conversation.accept(request(1, t0, handshake));
        conversation.accept(reply(1, t0.plusMillis(1), handshake, "OpReply({\"ismaster\": true, \"ok\": 1})"));
        conversation.accept(request(1, t0.plusMillis(100), heartbeat));
        conversation.accept(request(2, t0.plusMillis(101), ping));
        conversation.accept(reply(1, t0.plusMillis(102), heartbeat, "OpMsg({\"isWritablePrimary\": true, \"ok\": 1})"));
        conversation.accept(reply(2, t0.plusMillis(103), ping, "OpMsg({\"ok\": 1})"));
        assertEquals(List.of(
                "     0.000s [conn 1] -> " + handshake,
                "     0.001s [conn 1] <- OpReply({\"ismaster\": true, \"ok\": 1})",
                "     0.101s [conn 2] -> OpMsg({\"ping\": 1, \"$db\": \"admin\"}, namespace=\"admin.$cmd\")",
                "     0.103s [conn 2] <- OpMsg({\"ok\": 1})"), printed);
    }

    private static ConversationEvent request(int connection, Instant at, Request request) {
        return new ConversationEvent(connection, at, ConversationEvent.Kind.REQUEST, Optional.of(request),
                Optional.empty(), request.toString());
    }

    private static ConversationEvent reply(int connection, Instant at, Request request, String text) {
        return new ConversationEvent(connection, at, ConversationEvent.Kind.REPLY, Optional.of(request),
                Optional.of(Reply.ok()), text);
    }

    /** The listening line of a server started with these arguments (and stopped at once). */
    private static String listeningLine(String... args) {
        Main.Options options = Main.Options.parse(args);
        try (MockupServer server = Main.configure(options, List.of(args), System.out).start()) {
            return Main.listeningLine(server, options).replace(":" + server.port() + " ", ":PORT ");
        }
    }

    @Test
    void theListeningLineNamesTheReleaseOfTheWireVersion() {
        assertEquals("MockupDB listening on mongodb://localhost:PORT (maxWireVersion 25, MongoDB 8.0.0, all ok);"
                + " Ctrl-C stops it", listeningLine("--port", "0", "--quiet"));
        assertEquals("MockupDB listening on mongodb://localhost:PORT (maxWireVersion 22, MongoDB 7.1.0); Ctrl-C stops it",
                listeningLine("--port", "0", "--quiet", "--max-wire-version", "22", "--no-all-ok"));
    }

    @Test
    void aWireVersionNoReleaseAnnouncesSaysSoInsteadOfInventingAVersion() {
        String line = listeningLine("--port", "0", "--quiet", "--max-wire-version", "99");
        assertTrue(line.contains("(maxWireVersion 99, no MongoDB release known, buildInfo says 8.0.0, all ok)"), line);
        assertFalse(line.contains("8.74"), line);
    }

    @Test
    void aScenarioFileIsReadAndNamedInTheListeningLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("s.json"), "[{\"match\": {\"ping\": 1}, \"fault\": \"hangUp\"}]");
        Main.Options options = Main.Options.parse(new String[] {"--port", "0", "--scenario", file.toString()});
        assertEquals(1, options.scenario.rules().size());
        String line = listeningLine("--port", "0", "--quiet", "--scenario", file.toString());
        assertTrue(line.endsWith(", all ok, scenario " + file + ", 1 rule); Ctrl-C stops it"), line);
        ScenarioException missing = assertThrows(ScenarioException.class,
                () -> Main.Options.parse(new String[] {"--scenario", dir.resolve("none.json").toString()}));
        assertEquals("scenario " + dir.resolve("none.json") + ": no such file", missing.getMessage());
        assertEquals("--scenario needs a value", assertThrows(IllegalArgumentException.class,
                () -> Main.Options.parse(new String[] {"--scenario"})).getMessage());
    }
}
