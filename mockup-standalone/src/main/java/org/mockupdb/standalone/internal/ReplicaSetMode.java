package org.mockupdb.standalone.internal;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.mockupdb.MockupReplicaSet;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupTls;
import org.mockupdb.ServerRelease;
import org.mockupdb.standalone.ShellReplies;

/**
 * The standalone server's {@code --replica-set NAME [--members N]}: a {@link MockupReplicaSet} of N
 * members (3 by default, member 0 the primary), each one the server {@link Main} would serve alone
 * (the shell's replies, the scenario, all ok or CommandNotFound) but answering hello as a member of
 * the set. {@code --port P} puts member i on port P + i; {@code --port 0} on free ports. Each
 * member prints its conversation, each line headed {@code [member i]}.
 */
final class ReplicaSetMode {
    /** How many members a set gets without {@code --members}. */
    static final int DEFAULT_MEMBERS = 3;

    private ReplicaSetMode() {
    }

    /** Builds, starts and serves the set until the process is stopped; the caller has parsed {@code options}. */
    static void serve(Main.Options options, List<String> argv, PrintStream out) throws InterruptedException {
        MockupReplicaSet rs = configure(options, argv, out);
        Main.serveUntilStopped(rs::start, rs::stop, () -> listeningLine(rs, options), out);
    }

    /**
     * A set built from the command line, not started, its members' conversations printed to {@code out}.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    static MockupReplicaSet configure(Main.Options options, List<String> argv, PrintStream out) {
        int members = options.members != null ? options.members : DEFAULT_MEMBERS;
        if (options.unixSocket != null) {
            throw new IllegalArgumentException("--unix-socket does not go with --replica-set: the members listen "
                    + "on TCP ports");
        }
        if (options.port != 0 && options.port + members - 1 > 65535) {
            throw new IllegalArgumentException("--port " + options.port + " with " + members + " members needs ports "
                    + options.port + " to " + (options.port + members - 1) + ", beyond 65535");
        }
        AtomicInteger next = new AtomicInteger();
        MockupReplicaSet.Builder builder = MockupReplicaSet.builder()
                .setName(options.replicaSet)
                .members(members)
                .minWireVersion(options.minWireVersion)
                .maxWireVersion(options.maxWireVersion)
                // called once per member, in member order, as the set builds them
                .serverOptions(b -> member(b, options, out, next.getAndIncrement()));
        for (int i = 0; i < members; i++) {
            int port = options.port == 0 ? 0 : options.port + i;
            builder.member(i, m -> m.port(port));
        }
        MockupReplicaSet rs = builder.build();
        // As for one server: the shell replies, then the scenario, which wins; then the fallback.
        for (MockupServer member : rs.members()) {
            ShellReplies.install(member, argv);
            if (options.scenario != null) {
                options.scenario.install(member);
            }
        }
        return rs;
    }

    private static MockupServer.Builder member(MockupServer.Builder builder, Main.Options options, PrintStream out,
                                               int index) {
        builder.bindAddress(options.host)
                .journalLimit(Main.JOURNAL_LIMIT)
                .maxConnections(options.maxConnections)
                .idleTimeout(Duration.ofSeconds(options.idleTimeoutSeconds));
        if (options.tls) {
            builder.tls();
        }
        Main.authentication(builder, options);
        String prefix = "[member " + index + "] ";
        if (!options.quiet) {
            if (options.verbose) {
                builder.verbose(true).log(line -> out.println(prefix + line));
            } else {
                builder.conversationListener(new Main.Conversation(line -> out.println(prefix + line)));
            }
        }
        return builder.fallback(options.allOk ? Main::allOk : Main::notFound);
    }

    /** The set's URI, with {@code tls=true} and the shipped CA file when its members serve TLS. */
    static String connectionString(MockupReplicaSet rs, Main.Options options) {
        String uri = rs.uri();
        if (options.tls) {
            uri += "&tls=true&tlsCAFile=" + URLEncoder.encode(MockupTls.caFile().toString(), StandardCharsets.UTF_8);
        }
        return uri;
    }

    /**
     * {@code MockupDB listening on mongodb://localhost:P0,...,localhost:P2/?replicaSet=rs (replica set "rs" of 3
     * members, primary localhost:P0, maxWireVersion 25, MongoDB 8.0.0, all ok); Ctrl-C stops it}.
     */
    static String listeningLine(MockupReplicaSet rs, Main.Options options) {
        int wireVersion = options.maxWireVersion;
        String release = ServerRelease.announcing(wireVersion).map(r -> "MongoDB " + r.version())
                .orElse("no MongoDB release known, buildInfo says " + ServerRelease.newestUpTo(wireVersion).version());
        return Main.LISTENING + connectionString(rs, options) + " (replica set \"" + rs.setName() + "\" of "
                + rs.members().size() + " members, primary " + rs.primary().map(MockupServer::address).orElse("none")
                + ", maxWireVersion " + wireVersion + ", " + release + (options.allOk ? ", all ok" : "")
                + (options.scenario != null ? ", " + options.scenario : "") + "); Ctrl-C stops it";
    }
}
