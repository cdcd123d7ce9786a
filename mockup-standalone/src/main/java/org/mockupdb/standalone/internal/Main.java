package org.mockupdb.standalone.internal;

import org.mockupdb.ConversationEvent;
import org.bson.json.JsonWriterSettings;
import org.bson.json.JsonMode;
import org.bson.BsonValue;
import org.bson.BsonDocument;
import java.time.Instant;
import java.time.Duration;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.MockupUser;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.Spec;
import org.mockupdb.ServerRelease;
import org.mockupdb.standalone.ShellReplies;

/**
 * The standalone server, {@code java -jar mockup-standalone-VERSION-standalone.jar [options]}: an
 * empty MongoDB that {@code mongosh} and drivers start against without errors or warnings (see
 * {@link ShellReplies}), answering first as a scenario file says (see {@link Scenario}), printing
 * the conversation as it goes.
 */
public final class Main {
    static final String USAGE = """
            Usage: mockupdb [options]

            An interactive MongoDB wire-protocol server: it answers hello and what mongosh asks at
            start-up by itself, answers queries with empty cursors and writes with their counts,
            and prints the conversation. It stores nothing.

            Options:
              --port N              TCP port to listen on (default 27017; 0 picks a free one, printed
                                    in the "MockupDB listening on" line)
              --host ADDRESS        address to bind (default: the loopback address)
              --unix-socket PATH    listen on this Unix domain socket instead of TCP
              --tls                 serve TLS with the test certificate MockupDB ships (for localhost);
                                    the printed URI names its CA file (tlsCAFile=...)
              --max-wire-version N  maxWireVersion in the hello reply (default 25, MongoDB 8.0); buildInfo
                                    reports the release that announces it (21 is 7.0.0, 17 is 6.0.0),
                                    or for a wire version no release announces, the newest below it
              --min-wire-version N  minWireVersion in the hello reply (default 0)
              --all-ok              answer every command it does not know with {ok: 1} (the default)
              --no-all-ok           answer every command it does not know with CommandNotFound (59)
              --scenario FILE       answer as the rules in this JSON file say before the replies above:
                                    [{"match": {"find": "coll"}, "cursor": {"documents": [{"_id": 1}]}},
                                     {"match": {"count": "coll"}, "error": {"code": 13, "errmsg": "no"}},
                                     {"match": {"listCollections": 1}, "fault": "hangUp", "times": 1}]
                                    (also "reply": {...}, "fault": "reset", "delayMS": N; see the README)
              --user NAME:PASSWORD[@DATABASE]
                                    a user who authenticates with SCRAM-SHA-256 or SCRAM-SHA-1, in
                                    DATABASE (the client's authSource; default admin; the database
                                    follows the last '@', so a password with '@' needs one); repeatable.
                                    With any user, a connection gets Unauthorized (13) for every command
                                    but the handshake, authentication, ping, listCommands and buildInfo
                                    until it has authenticated, as mongod with authorization enabled
              --x509                with --tls, ask clients for a certificate and let MONGODB-X509
                                    authenticate any subject the shipped CA signed; the listening line
                                    names the client certificate MockupDB ships (tlsCertificateKeyFile)
              --x509-user SUBJECT   with --tls, authenticate only this RFC 2253 certificate subject with
                                    MONGODB-X509 (implies --x509); repeatable
              --replica-set NAME    serve a replica set of this name instead of one server: every member
                                    answers as the server above does, member 0 is the primary, and the
                                    "MockupDB listening on" line prints the set's URI (?replicaSet=NAME)
              --members N           how many members the replica set has (default 3); --port P puts
                                    member i on port P + i, --port 0 on free ports
              --max-connections N   close connections beyond N open at once (default 1000)
              --idle-timeout S      close a TCP connection whose client sent nothing for S seconds
                                    (default 3600; 0 never closes one)
              --verbose             print every message in full, heartbeats and session ids included
              --quiet               do not print the conversation
              --help                print this help and exit

            Examples:
              mockupdb --port 0
              mongosh mongodb://localhost:PORT --eval 'db.coll.insertOne({x: 1})'

              mockupdb --port 0 --user alice:secret
              mongosh mongodb://localhost:PORT --username alice --password secret \\
                  --authenticationDatabase admin --eval 'db.coll.insertOne({x: 1})'

            Exit status: 2 for a wrong option or scenario file, 1 when the server cannot start.
            """;

    /** The line a script waits for; the connection string follows it. */
    public static final String LISTENING = "MockupDB listening on ";

    /** The code of a command the server does not know, as mongod answers it. */
    private static final int COMMAND_NOT_FOUND = 59;

    /** What the last-resort responder answers: everything but what the server answers by itself. */
    /** The standalone server may run for days: it keeps the last requests only, so its memory stays bounded. */
    static final int JOURNAL_LIMIT = 10_000;

    /**
     * A developer machine's defaults: far more connections than a few shells and applications open
     * (a driver's pool is 100 by default), and an idle limit that no client with a monitor (a hello
     * every 10 s) reaches, which still frees the thread of a client that vanished.
     */
    static final int DEFAULT_MAX_CONNECTIONS = 1000;
    static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 3600;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        MockupServer server;
        try {
            options = Options.parse(args);
            if (options.help) {
                System.out.print(USAGE);
                return;
            }
            if (options.replicaSet != null) {
                ReplicaSetMode.serve(options, List.of(args), System.out);
                return;
            }
            server = configure(options, List.of(args), System.out);
        } catch (ScenarioException e) {
            System.err.println("mockupdb: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("mockupdb: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        MockupServer single = server;
        serveUntilStopped(single::start, single::stop, () -> listeningLine(single, options), System.out);
    }

    /**
     * Starts what the command line built (exit 1 naming why when it cannot bind), prints the line a
     * script waits for, and serves until the process is stopped, which stops it: one server or a set.
     */
    static void serveUntilStopped(Runnable start, Runnable stop, java.util.function.Supplier<String> listeningLine,
                                  PrintStream out) throws InterruptedException {
        try {
            start.run();
        } catch (UncheckedIOException e) {
            System.err.println("mockupdb: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "mockupdb-shutdown"));
        out.println(listeningLine.get());
        out.flush();
        stopped.await();
    }

    /**
     * The line a script waits for: the connection string, then what the server is, in parentheses:
     * {@code MockupDB listening on mongodb://localhost:27017 (maxWireVersion 25, MongoDB 8.0.0, all ok); Ctrl-C stops it}.
     */
    static String listeningLine(MockupServer server, Options options) {
        int wireVersion = server.maxWireVersion();
        String release = ServerRelease.announcing(wireVersion).map(r -> "MongoDB " + r.version())
                .orElse("no MongoDB release known, buildInfo says " + ServerRelease.newestUpTo(wireVersion).version());
        return LISTENING + connectionString(server) + " (maxWireVersion " + wireVersion + ", " + release
                + (options.allOk ? ", all ok" : "")
                + (options.scenario != null ? ", " + options.scenario : "") + authentication(options)
                + "); Ctrl-C stops it";
    }

    /** {@code , users alice@admin bob@app, X.509 (client certificate: FILE)}, or nothing without authentication. */
    static String authentication(Options options) {
        StringBuilder sb = new StringBuilder();
        if (!options.users.isEmpty()) {
            sb.append(", users");
            options.users.forEach(u -> sb.append(' ').append(u.name()).append('@').append(u.database()));
        }
        if (options.x509 || !options.x509Users.isEmpty()) {
            sb.append(", X.509 (client certificate: ").append(MockupTls.clientCertificateKeyFile()).append(')');
        }
        return sb.toString();
    }

    /**
     * A server built from the command line, not started, its conversation printed to {@code out}.
     *
     * @throws IllegalArgumentException naming the option that is wrong, or (a {@link ScenarioException})
     *     the scenario file's rule and field
     */
    public static MockupServer configure(List<String> args, PrintStream out) {
        return configure(Options.parse(args.toArray(String[]::new)), args, out);
    }

    static MockupServer configure(Options options, List<String> argv, PrintStream out) {
        MockupServer.Builder builder = MockupServer.builder()
                .port(options.port)
                .bindAddress(options.host)
                .minWireVersion(options.minWireVersion)
                .maxWireVersion(options.maxWireVersion)
                .journalLimit(JOURNAL_LIMIT)
                .maxConnections(options.maxConnections)
                .idleTimeout(Duration.ofSeconds(options.idleTimeoutSeconds));
        if (options.unixSocket != null) {
            builder.unixSocket(options.unixSocket);
        }
        if (options.tls) {
            builder.tls();
        }
        authentication(builder, options);
        if (!options.quiet) {
            if (options.verbose) {
                builder.verbose(true).log(out::println);
            } else {
                builder.conversationListener(new Conversation(out::println));
            }
        }
        builder.fallback(options.allOk ? Main::allOk : Main::notFound);
        MockupServer server = builder.build();
        // Responders are consulted newest first: the shell replies, then the scenario, which wins.
        // What none of them takes goes to the fallback above (all ok, or CommandNotFound).
        ShellReplies.install(server, argv);
        if (options.scenario != null) {
            options.scenario.install(server);
        }
        return server;
    }

    /** The server's URI, with the shipped CA file when it serves TLS, so that mongosh can take it as it is. */
    public static String connectionString(MockupServer server) {
        String uri = server.uri();
        if (server.isTls()) {
            uri += "&tlsCAFile=" + URLEncoder.encode(MockupTls.caFile().toString(), StandardCharsets.UTF_8);
        }
        return uri;
    }

    static boolean allOk(Request request) {
        if (request.isCommand()) {
            return request.ok();
        }
        return request.reply(Reply.of());
    }

    static boolean notFound(Request request) {
        String name = request.commandName().orElse(request.opCode().toString());
        return request.reply(Reply.commandError(COMMAND_NOT_FOUND, "no such command: '" + name + "'"));
    }

    /**
     * The conversation as a person reads it, from the server's typed events: without the session
     * id every command carries (the server shortens a handshake's client metadata unless verbose),
     * and without the hello heartbeats that follow a connection's first hello (nor their
     * replies).
     */
    static final class Conversation implements Consumer<ConversationEvent> {
        private final Consumer<String> out;
        private final Set<Integer> greeted = new HashSet<>();
        private final Set<Request> heartbeats = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private Instant start;

        Conversation(Consumer<String> out) {
            this.out = out;
        }

        @Override
        public synchronized void accept(ConversationEvent event) {
            if (start == null) {
                start = event.at();
            }
            Request request = event.request().orElse(null);
            if (event.kind() == ConversationEvent.Kind.REQUEST && request != null && isHello(request)
                    && !greeted.add(event.connectionId())) {
                heartbeats.add(request);
                return;
            }
            if (event.kind() == ConversationEvent.Kind.REPLY && request != null && heartbeats.remove(request)) {
                return;
            }
            String text = event.text();
            if (event.kind() == ConversationEvent.Kind.REQUEST && request != null) {
                text = shorten(text, request.body());
            }
            long ms = Duration.between(start, event.at()).toMillis();
            String arrow = switch (event.kind()) {
                case REQUEST -> "->";
                case REPLY -> "<-";
                default -> "**";
            };
            out.accept(String.format("%6d.%03ds [conn %d] %s %s", ms / 1000, ms % 1000, event.connectionId(), arrow,
                    text));
        }

        private static boolean isHello(Request request) {
            String name = request.commandName().orElse("");
            return name.equals("hello") || name.equalsIgnoreCase("ismaster");
        }

        /** The request's text without its lsid (the transcript already shortens a handshake's client metadata). */
        private static String shorten(String text, BsonDocument body) {
            BsonValue lsid = body.get("lsid");
            return lsid == null ? text : text.replace(", \"lsid\": " + json(lsid), "");
        }

        private static String json(BsonValue value) {
            String wrapped = new BsonDocument("v", value).toJson(RELAXED);
            return wrapped.substring(wrapped.indexOf(':') + 2, wrapped.length() - 1);
        }

        private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED)
                .build();
    }

    /**
     * Users turn on the server's gate (an interceptor), which comes before every responder and the
     * fallback: an unauthenticated command gets Unauthorized (13), not all-ok or CommandNotFound.
     * For one server and for every member of a replica set alike.
     */
    static void authentication(MockupServer.Builder builder, Options options) {
        options.users.forEach(builder::user);
        if (options.x509) {
            builder.x509();
        }
        options.x509Users.forEach(builder::x509User);
    }

    /** The command line, parsed. */
    static final class Options {
        int port = 27017;
        InetAddress host = InetAddress.getLoopbackAddress();
        Path unixSocket;
        boolean tls;
        int maxWireVersion = MockupServer.DEFAULT_MAX_WIRE_VERSION;
        int minWireVersion;
        boolean allOk = true;
        int maxConnections = DEFAULT_MAX_CONNECTIONS;
        int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
        Scenario scenario;
        final List<MockupUser> users = new ArrayList<>();
        boolean x509;
        final List<String> x509Users = new ArrayList<>();
        /** {@code --replica-set}: the set's name, or null for one server. */
        String replicaSet;
        /** {@code --members}: the set's size, or null for the default. */
        Integer members;
        boolean verbose;
        boolean quiet;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> o.port = number(args, ++i, arg, 0, 65535);
                    case "--host" -> o.host = address(value(args, ++i, arg));
                    case "--unix-socket" -> o.unixSocket = Path.of(value(args, ++i, arg));
                    case "--tls" -> o.tls = true;
                    case "--max-wire-version" -> o.maxWireVersion = number(args, ++i, arg, 0, 1000);
                    case "--min-wire-version" -> o.minWireVersion = number(args, ++i, arg, 0, 1000);
                    case "--all-ok" -> o.allOk = true;
                    case "--no-all-ok" -> o.allOk = false;
                    case "--max-connections" -> o.maxConnections = number(args, ++i, arg, 1, 1_000_000);
                    case "--idle-timeout" -> o.idleTimeoutSeconds = number(args, ++i, arg, 0, 1_000_000);
                    case "--user" -> o.addUser(user(value(args, ++i, arg)));
                    case "--x509" -> o.x509 = true;
                    case "--x509-user" -> o.x509Users.add(subject(value(args, ++i, arg)));
                    case "--scenario" -> o.scenario = Scenario.read(Path.of(value(args, ++i, arg)));
                    case "--replica-set" -> o.replicaSet = setName(value(args, ++i, arg));
                    case "--members" -> o.members = number(args, ++i, arg, 1, 50);
                    case "--verbose", "-v" -> o.verbose = true;
                    case "--quiet", "-q" -> o.quiet = true;
                    case "--help", "-h" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            // Wire versions out of order, and TLS with a Unix socket, are refused by MockupServer.Builder.
            if (o.verbose && o.quiet) {
                throw new IllegalArgumentException("--verbose and --quiet do not go together");
            }
            if ((o.x509 || !o.x509Users.isEmpty()) && !o.tls) {
                throw new IllegalArgumentException((o.x509 ? "--x509" : "--x509-user") + " needs --tls: clients "
                        + "present their certificate in the TLS handshake");
            }
            if (o.members != null && o.replicaSet == null) {
                throw new IllegalArgumentException("--members needs --replica-set NAME");
            }
            return o;
        }

        private void addUser(MockupUser user) {
            for (MockupUser other : users) {
                if (other.name().equals(user.name()) && other.database().equals(user.database())) {
                    throw new IllegalArgumentException("--user " + user.name() + "@" + user.database()
                            + " is given twice");
                }
            }
            users.add(user);
        }

        /** {@code NAME:PASSWORD[@DATABASE]}; the messages never repeat the password. */
        static MockupUser user(String text) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--user expects NAME:PASSWORD[@DATABASE], got '" + text
                        + "' (no ':')");
            }
            String name = text.substring(0, colon);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("--user expects NAME:PASSWORD[@DATABASE], got no name before ':'");
            }
            String rest = text.substring(colon + 1);
            int at = rest.lastIndexOf('@');
            String password = at < 0 ? rest : rest.substring(0, at);
            String database = at < 0 ? null : rest.substring(at + 1);
            if (password.isEmpty()) {
                throw new IllegalArgumentException("--user " + name + ": expects a password after ':', got none");
            }
            try {
                MockupUser user = MockupUser.scram(name, password);
                return database == null ? user : user.database(database);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--user " + name + ": " + e.getMessage(), e);
            }
        }

        private static String subject(String text) {
            if (text.isBlank()) {
                throw new IllegalArgumentException("--x509-user expects a certificate subject such as "
                        + "'CN=client,OU=MockupDB,O=MockupDB,C=US', got '" + text + "'");
            }
            return text;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String[] args, int i, String option, int min, int max) {
            String text = value(args, i, option);
            try {
                int n = Integer.parseInt(text);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(option + " expects a number from " + min + " to " + max
                            + ", got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " expects a number, got '" + text + "'");
            }
        }

        private static String setName(String text) {
            if (text.isBlank() || text.startsWith("-")) {
                throw new IllegalArgumentException("--replica-set expects a replica set name, got '" + text + "'");
            }
            return text;
        }

        private static InetAddress address(String text) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--host '" + text + "' does not resolve: " + e.getMessage());
            }
        }
    }
}
