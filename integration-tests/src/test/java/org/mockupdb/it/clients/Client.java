package org.mockupdb.it.clients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.Reply;
import org.mockupdb.Spec;

/**
 * The real clients the black-pipe tests drive, each through a small program checked in under
 * {@code integration-tests/clients/} that takes a URI and a scenario name, does one thing and
 * prints one line of JSON: {@code {"result": ...}} or {@code {"error": CLASS, "code": N, "message": ...}}
 * with the client's own error class, and {@code "ms"}, how long the operation took.
 *
 * <p>{@link #require()} skips a test whose client is not installed, naming the package to install;
 * under {@code CI=true} it fails it instead, so that CI cannot pass without running them.
 * {@code .ci/install-clients} installs them all.
 */
enum Client {
    /** PyMongo from Debian's python3-pymongo, run by Debian's own python3 (a pyenv one does not see it). */
    PYMONGO("PyMongo", "Debian's python3-pymongo",
            "OperationFailure", "AutoReconnect", "ServerSelectionTimeoutError") {
        @Override
        String probe() throws IOException {
            ClientRun.Result r = ClientRun.run(List.of(PYTHON, "-c", "import pymongo; print(pymongo.version)"), PROBE);
            return r.exitCode() == 0 ? null
                    : PYTHON + " cannot import pymongo (" + lastLine(r.stderr()) + ")";
        }

        @Override
        List<String> command(String uri, String scenario) {
            return List.of(PYTHON, ClientPaths.sources().resolve("python/scenario.py").toString(), uri, scenario);
        }
    },

    /** The C driver from Debian's libmongoc-dev, through a program this test compiles with gcc. */
    LIBMONGOC("libmongoc", "Debian's libmongoc-dev, pkg-config and gcc",
            "MONGOC_ERROR_SERVER", "MONGOC_ERROR_STREAM", "MONGOC_ERROR_SERVER_SELECTION") {
        @Override
        String probe() throws IOException {
            ClientRun.Result r = ClientRun.run(List.of("pkg-config", "--exists", "libmongoc-1.0"), PROBE);
            if (r.exitCode() != 0) {
                return "pkg-config finds no libmongoc-1.0";
            }
            compile();
            return null;
        }

        @Override
        List<String> command(String uri, String scenario) {
            return List.of(binary().toString(), uri, scenario);
        }

        private Path binary() {
            return ClientPaths.target().resolve("c/scenario");
        }

        /** Compiles scenario.c into target/clients/c once, or again when the source is newer. */
        private void compile() throws IOException {
            Path source = ClientPaths.sources().resolve("c/scenario.c");
            Path binary = binary();
            if (Files.exists(binary)
                    && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
                return;
            }
            Files.createDirectories(binary.getParent());
            ClientRun.Result flags = ClientRun.run(List.of("pkg-config", "--cflags", "--libs", "libmongoc-1.0"), PROBE);
            List<String> gcc = new ArrayList<>(List.of("gcc", "-std=gnu11", "-Wall", "-Werror", "-o", binary.toString(),
                    source.toString()));
            gcc.addAll(List.of(flags.stdout().strip().split("\\s+")));
            ClientRun.Result built = ClientRun.run(gcc, Duration.ofSeconds(60));
            if (built.exitCode() != 0) {
                throw new AssertionError("cannot compile " + source + " with " + String.join(" ", gcc) + "\n" + built);
            }
        }
    },

    /** The Node.js driver, from npm: {@code npm ci} in integration-tests/clients/node. */
    NODE("Node.js driver", "the npm package mongodb (npm ci in integration-tests/clients/node)",
            "MongoServerError", "MongoNetworkError", "MongoServerSelectionError") {
        @Override
        String probe() throws IOException {
            if (!Files.exists(nodeModules().resolve("mongodb/package.json"))) {
                return "no mongodb in " + nodeModules();
            }
            return nodeMissing();
        }

        @Override
        List<String> command(String uri, String scenario) {
            return List.of("node", ClientPaths.sources().resolve("node/scenario.js").toString(), uri, scenario);
        }
    },

    /** mongosh, from npm like the Node.js driver; the scenario goes in the environment. */
    MONGOSH("mongosh", "the npm package mongosh (npm ci in integration-tests/clients/node)",
            "MongoServerError", "MongoNetworkError", "MongoServerSelectionError") {
        @Override
        String probe() throws IOException {
            if (!Files.isExecutable(mongosh())) {
                return "no " + mongosh();
            }
            return nodeMissing();
        }

        @Override
        List<String> command(String uri, String scenario) {
            return List.of(mongosh().toString(), uri, "--quiet", "--norc", "--file",
                    ClientPaths.sources().resolve("node/mongosh-scenario.js").toString());
        }

        @Override
        Map<String, String> environment(String scenario) {
            return Map.of("MOCKUPDB_SCENARIO", scenario, "MONGOSH_NO_TELEMETRY", "1");
        }

        @Override
        void answerStartup(MockupServer server) {
            // What mongosh asks a server when it connects, before it runs the script.
            server.autoResponds("buildInfo", BsonDocument.parse("{version: '8.0.0', versionArray: [8, 0, 0, 0]}"));
            server.autoResponds("atlasVersion", Reply.commandError(59, "no such command: 'atlasVersion'"));
            server.autoResponds("getLog", BsonDocument.parse("{totalLinesWritten: 0, log: []}"));
            server.autoResponds("getCmdLineOpts", BsonDocument.parse("{argv: ['mongod'], parsed: {}}"));
            server.autoResponds("getParameter", Reply.commandError(72, "no option found to get"));
            server.servesCursor(Spec.command("aggregate", "atlascli").inDatabase("admin"), List.of(), 101);
        }
    };

    /** Timeouts a client is given so that a failing test fails in seconds. */
    static final String TIMEOUTS = "serverSelectionTimeoutMS=3000&connectTimeoutMS=3000&socketTimeoutMS=5000";

    /** The socket timeout in {@link #TIMEOUTS}, which no hang-up should take a client to notice. */
    static final Duration SOCKET_TIMEOUT = Duration.ofMillis(5000);

    /** The server selection timeout in {@link #TIMEOUTS}. */
    static final Duration SERVER_SELECTION_TIMEOUT = Duration.ofMillis(3000);

    /** Debian's own interpreter: the one that sees python3-pymongo. */
    static final String PYTHON = "/usr/bin/python3";
    private static final Duration PROBE = Duration.ofSeconds(10);

    private final String displayName;
    private final String packages;
    private final String commandErrorClass;
    private final String networkErrorClass;
    private final String selectionErrorClass;
    private volatile Optional<String> missing;

    Client(String displayName, String packages, String commandErrorClass, String networkErrorClass,
            String selectionErrorClass) {
        this.displayName = displayName;
        this.packages = packages;
        this.commandErrorClass = commandErrorClass;
        this.networkErrorClass = networkErrorClass;
        this.selectionErrorClass = selectionErrorClass;
    }

    /** Why the client cannot run here, or null when it can. */
    abstract String probe() throws IOException;

    /** The command line that runs {@code scenario} against {@code uri}. */
    abstract List<String> command(String uri, String scenario);

    /** Environment variables the command needs besides the test's own. */
    Map<String, String> environment(String scenario) {
        return Map.of();
    }

    /** Sets autoresponders for what the client asks on connecting besides hello, if anything. */
    void answerStartup(MockupServer server) {
    }

    /** The class (or for the C driver, the error domain) a command error comes as. */
    String commandErrorClass() {
        return commandErrorClass;
    }

    /** The class (or error domain) a closed connection comes as. */
    String networkErrorClass() {
        return networkErrorClass;
    }

    /** The class (or error domain) of a failure to select a server, as when every connection attempt fails. */
    String selectionErrorClass() {
        return selectionErrorClass;
    }

    /**
     * Skips the test when the client is not installed, with a message naming what to install;
     * under {@code CI=true} fails it instead.
     */
    void require() {
        Optional<String> why = missing;
        if (why == null) {
            synchronized (this) {
                why = missing;
                if (why == null) {
                    try {
                        why = Optional.ofNullable(probe());
                    } catch (IOException e) {
                        why = Optional.of(e.getMessage());
                    }
                    missing = why;
                }
            }
        }
        if (why.isPresent()) {
            ClientPaths.missing(displayName + " is not installed (" + why.get() + "): install " + packages
                    + ", or run .ci/install-clients");
        }
    }

    /** Starts the client's program for {@code scenario} against {@code uri}, after {@link #require()}. */
    ClientRun start(String uri, String scenario) {
        require();
        try {
            return ClientRun.start(command(uri, scenario), environment(scenario));
        } catch (IOException e) {
            throw new AssertionError("cannot start " + displayName + ": " + e.getMessage(), e);
        }
    }

    /**
     * The server's URI with {@link #TIMEOUTS} and these {@code name=value} options added; a later
     * option of the same name replaces an earlier one, so that each appears once, as the Node.js driver requires.
     */
    static String uri(MockupServer server, String... options) {
        return uri(server.uri(), options);
    }

    /** {@link #uri(MockupServer, String...)} for a server known by its URI, such as a standalone process's. */
    static String uri(String serverUri, String... options) {
        String[] baseAndQuery = serverUri.split("\\?", 2);
        String base = baseAndQuery[0].endsWith("/") ? baseAndQuery[0] : baseAndQuery[0] + "/";
        Map<String, String> all = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        if (baseAndQuery.length == 2) {
            given.add(baseAndQuery[1]);
        }
        given.add(TIMEOUTS);
        given.addAll(List.of(options));
        for (String option : String.join("&", given).split("&")) {
            if (!option.isEmpty()) {
                String[] nameValue = option.split("=", 2);
                all.put(nameValue[0], nameValue[1]);
            }
        }
        StringBuilder query = new StringBuilder();
        all.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                .append(value));
        return base + query;
    }

    /** The URI of a TLS server with {@link #TIMEOUTS}, trusting the test CA, and these options. */
    static String tlsUri(MockupServer server, String... options) {
        String[] all = Arrays.copyOf(options, options.length + 2);
        all[options.length] = "tls=true";
        all[options.length + 1] = "tlsCAFile=" + MockupTls.caFile();
        return uri(server, all);
    }

    @Override
    public String toString() {
        return displayName;
    }

    private static Path nodeModules() {
        return ClientPaths.sources().resolve("node/node_modules");
    }

    /** mongosh: the one the MONGOSH environment variable (or -Dmongosh) names, else the project's npm install. */
    static Path mongosh() {
        String override = System.getProperty("mongosh", System.getenv("MONGOSH"));
        return override != null && !override.isBlank() ? Path.of(override) : nodeModules().resolve(".bin/mongosh");
    }

    private static String nodeMissing() {
        try {
            ClientRun.Result r = ClientRun.run(List.of("node", "--version"), PROBE);
            return r.exitCode() == 0 ? null : "node --version failed: " + r;
        } catch (IOException e) {
            return "no node on the PATH (Debian's nodejs and npm)";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }
}
