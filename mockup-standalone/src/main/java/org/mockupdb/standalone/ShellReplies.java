package org.mockupdb.standalone;

import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.Request;
import org.mockupdb.RequestHandler;
import org.mockupdb.Responder;
import org.mockupdb.Spec;
import org.mockupdb.ServerRelease;

/**
 * Replies of the right shape for what {@code mongosh} asks at start-up and what any client sends
 * in a session, so that a shell or a driver pointed at a {@link MockupServer} works without
 * errors or warnings: an empty server that accepts every write and finds nothing. The standalone
 * server ({@code bin/mockupdb}) is built on them; a script combines them with its own replies.
 *
 * <h2>In a script</h2>
 *
 * Install the shell replies <em>first</em>: responders are consulted newest first, so every
 * responder the script adds afterwards comes before them, and the shell replies answer only what
 * the script's own do not. In JShell, with the standalone jar (it holds the core and org.bson):
 *
 * <pre>{@code
 * $ jshell --class-path mockup-standalone/target/mockup-standalone-0.1.0-SNAPSHOT-standalone.jar
 * import java.util.List;
 * import org.bson.Document;
 * import org.mockupdb.*;
 * import org.mockupdb.standalone.ShellReplies;
 *
 * MockupServer server = MockupServer.builder().port(27017).verbose(true).build();
 * ShellReplies.install(server);                                   // first: the shell's start-up and an empty database
 * server.servesCursor(Spec.command("find", "users"),              // then the script's own, which win
 *         List.of(new Document("_id", 1).append("name", "Ada")), 101);
 * server.autoResponds(Spec.command("listCollections"), Fault.hangUp());
 * server.autoResponds(Spec.command("insert", "audit"), Reply.commandError(13, "not authorized"));
 * server.start();                                                 // mongosh mongodb://localhost:27017
 * }</pre>
 *
 * <p>Commands neither the script nor the shell replies answer wait in the server's queue, where
 * the script takes them with {@link MockupServer#receives(Spec)}, or an
 * {@code autoResponds(Spec.any(), ...)} installed before the shell replies answers them last.
 *
 * <h2>What they answer</h2>
 *
 * <ul>
 *   <li>{@code find}, {@code aggregate}, {@code listCollections}, {@code listIndexes}: an
 *       exhausted cursor, {@code {cursor: {id: 0, ns, firstBatch: []}}}; {@code getMore}: the
 *       same with {@code nextBatch}; {@code killCursors}: every id in {@code cursorsNotFound}.</li>
 *   <li>{@code insert}: {@code n} is the number of documents, document sequences included.
 *       {@code update}: nothing matches, so {@code n} counts the statements with {@code upsert: true},
 *       each listed in {@code upserted} with its {@code _id} (the update's or the query's
 *       {@code _id}, else a new ObjectId), and {@code nModified} is 0. {@code delete}: {@code n: 0}.
 *       {@code findAndModify}: no document, or the upserted one's id.</li>
 *   <li>{@code count} 0, {@code distinct} [], {@code listDatabases} [], {@code dbStats} zeros,
 *       {@code createIndexes} as on a new collection, {@code serverStatus} the version and uptime.</li>
 *   <li>{@code buildInfo} with the version of the MongoDB release that announces the hello's
 *       maxWireVersion (25 is 8.0.0; for a wire version no release announces, the newest release
 *       below it), {@code getLog} an empty log ({@code "*"}: the log names), {@code getCmdLineOpts}
 *       the command line given to {@link #install(MockupServer, List)}, {@code hostInfo} this
 *       machine, {@code getParameter} featureCompatibilityVersion and a few others,
 *       {@code connectionStatus} no users, {@code whatsmyuri} the client's address,
 *       {@code getFreeMonitoringStatus} disabled, {@code ping} ok.</li>
 *   <li>As a standalone mongod answers: {@code atlasVersion} is CommandNotFound (59) and
 *       {@code replSetGetStatus} NoReplicationEnabled (76).</li>
 * </ul>
 *
 * <p>A request that expects no reply (an OP_MSG with moreToCome, a legacy write) gets none: the
 * server never answers those. Other commands are not answered: they pass on to older responders
 * or the queue.
 */
public final class ShellReplies {
    private static final int COMMAND_NOT_FOUND = 59;
    private static final int NO_REPLICATION_ENABLED = 76;
    private static final int INVALID_OPTIONS = 72;

    private final MockupServer server;
    private final List<String> argv;
    private final long started = System.currentTimeMillis();

    private ShellReplies(MockupServer server, List<String> argv) {
        this.server = server;
        this.argv = List.copyOf(argv);
    }

    /**
     * Installs the replies on {@code server} as one responder; {@code getCmdLineOpts} reports the
     * command line {@code ["mockupdb"]}. Responders added later come before it.
     *
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public static Responder install(MockupServer server) {
        return install(server, List.of());
    }

    /**
     * Installs the replies on {@code server} as one responder. Responders added later come before it.
     *
     * @param argv the arguments {@code getCmdLineOpts} reports after {@code "mockupdb"}
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public static Responder install(MockupServer server, List<String> argv) {
        Objects.requireNonNull(server, "server");
        ShellReplies replies = new ShellReplies(server, argv);
        Map<String, RequestHandler> handlers = Map.ofEntries(
                Map.entry("ping", Request::ok),
                Map.entry("buildinfo", replies::buildInfo),
                Map.entry("getlog", ShellReplies::getLog),
                Map.entry("getcmdlineopts", replies::getCmdLineOpts),
                Map.entry("hostinfo", ShellReplies::hostInfo),
                Map.entry("getparameter", replies::getParameter),
                Map.entry("atlasversion", ShellReplies::commandNotFound),
                Map.entry("connectionstatus", ShellReplies::connectionStatus),
                Map.entry("whatsmyuri", ShellReplies::whatsMyUri),
                Map.entry("replsetgetstatus", ShellReplies::replSetGetStatus),
                Map.entry("getfreemonitoringstatus", r -> r.ok("state", "disabled")),
                Map.entry("find", ShellReplies::emptyCursor),
                Map.entry("aggregate", ShellReplies::emptyCursor),
                Map.entry("listcollections", ShellReplies::emptyCursor),
                Map.entry("listindexes", ShellReplies::emptyCursor),
                Map.entry("getmore", ShellReplies::getMore),
                Map.entry("killcursors", ShellReplies::killCursors),
                Map.entry("listdatabases", ShellReplies::listDatabases),
                Map.entry("insert", ShellReplies::insert),
                Map.entry("update", ShellReplies::update),
                Map.entry("delete", r -> r.ok("n", 0)),
                Map.entry("findandmodify", ShellReplies::findAndModify),
                Map.entry("count", r -> r.ok("n", 0)),
                Map.entry("distinct", r -> r.ok("values", new BsonArray())),
                Map.entry("dbstats", ShellReplies::dbStats),
                Map.entry("createindexes", ShellReplies::createIndexes),
                Map.entry("serverstatus", replies::serverStatus));
        return server.autoResponds(Spec.matching("a command the shell replies answer", request -> request.commandName()
                .map(name -> handlers.containsKey(name.toLowerCase(Locale.ROOT))).orElse(false)), request ->
                handlers.get(request.commandName().orElseThrow().toLowerCase(Locale.ROOT)).handle(request));
    }

    // ------------------------------------------------------------------ start-up commands

    private boolean buildInfo(Request request) {
        String version = ServerRelease.newestUpTo(server.maxWireVersion()).version();
        BsonArray versionArray = new BsonArray();
        for (String part : version.split("\\.")) {
            versionArray.add(new BsonInt32(Integer.parseInt(part)));
        }
        versionArray.add(new BsonInt32(0));
        BsonDocument reply = new BsonDocument("version", new BsonString(version))
                .append("gitVersion", new BsonString("0000000000000000000000000000000000000000"))
                .append("modules", new BsonArray())
                .append("allocator", new BsonString("system"))
                .append("javascriptEngine", new BsonString("none"))
                .append("sysInfo", new BsonString("deprecated"))
                .append("versionArray", versionArray)
                .append("bits", new BsonInt32(64))
                .append("debug", BsonBoolean.FALSE)
                .append("maxBsonObjectSize", new BsonInt32(16 * 1024 * 1024))
                .append("storageEngines", new BsonArray(List.of(new BsonString("mockupdb"))))
                .append("buildEnvironment", new BsonDocument("target_os",
                        new BsonString(System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT)))
                        .append("target_arch", new BsonString(System.getProperty("os.arch", "unknown"))));
        return request.ok(reply);
    }

    private static boolean getLog(Request request) {
        BsonValue which = request.body().get(request.commandName().orElseThrow());
        if (which.isString() && which.asString().getValue().equals("*")) {
            return request.ok("names", new BsonArray(List.of(new BsonString("global"),
                    new BsonString("startupWarnings"))));
        }
        return request.ok(new BsonDocument("totalLinesWritten", new BsonInt32(0)).append("log", new BsonArray()));
    }

    private boolean getCmdLineOpts(Request request) {
        BsonArray args = new BsonArray();
        args.add(new BsonString("mockupdb"));
        argv.forEach(a -> args.add(new BsonString(a)));
        BsonDocument net = new BsonDocument("bindIp", new BsonString(server.unixSocket().isPresent()
                ? server.address() : server.host()));
        if (server.unixSocket().isEmpty()) {
            net.append("port", new BsonInt32(server.port()));
        }
        return request.ok(new BsonDocument("argv", args).append("parsed", new BsonDocument("net", net)));
    }

    private static boolean hostInfo(Request request) {
        long memory = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : Runtime.getRuntime().maxMemory();
        BsonDocument system = new BsonDocument("currentTime", new BsonDateTime(System.currentTimeMillis()))
                .append("hostname", new BsonString("localhost"))
                .append("cpuAddrSize", new BsonInt32(64))
                .append("memSizeMB", new BsonInt64(memory / (1024 * 1024)))
                .append("numCores", new BsonInt32(Runtime.getRuntime().availableProcessors()))
                .append("cpuArch", new BsonString(System.getProperty("os.arch", "unknown")))
                .append("numaEnabled", BsonBoolean.FALSE);
        BsonDocument os = new BsonDocument("type", new BsonString(System.getProperty("os.name", "unknown")))
                .append("name", new BsonString(System.getProperty("os.name", "unknown")))
                .append("version", new BsonString(System.getProperty("os.version", "unknown")));
        return request.ok(new BsonDocument("system", system).append("os", os).append("extra", new BsonDocument()));
    }

    private BsonDocument parameters() {
        String version = ServerRelease.newestUpTo(server.maxWireVersion()).version();
        String featureCompatibility = version.substring(0, version.lastIndexOf('.'));
        return new BsonDocument("featureCompatibilityVersion",
                new BsonDocument("version", new BsonString(featureCompatibility)))
                .append("authenticationMechanisms", new BsonArray(List.of(new BsonString("SCRAM-SHA-1"),
                        new BsonString("SCRAM-SHA-256"))))
                .append("enableTestCommands", BsonBoolean.FALSE)
                .append("quiet", BsonBoolean.FALSE)
                .append("logLevel", new BsonInt32(0))
                .append("maxBSONDepth", new BsonInt32(200))
                .append("transactionLifetimeLimitSeconds", new BsonInt32(60));
    }

    /** The parameters named, as mongod answers; none known is InvalidOptions, as mongod answers. */
    private boolean getParameter(Request request) {
        BsonDocument body = request.body();
        BsonDocument known = parameters();
        BsonValue first = body.get(body.getFirstKey());
        boolean all = first.isString() && first.asString().getValue().equals("*")
                || first.isDocument() && first.asDocument().getBoolean("allParameters", BsonBoolean.FALSE).getValue();
        if (all) {
            return request.ok(known);
        }
        BsonDocument reply = new BsonDocument();
        for (String name : body.keySet()) {
            BsonValue value = known.get(name);
            if (value != null) {
                reply.put(name, value);
            }
        }
        if (reply.isEmpty()) {
            return request.commandError(INVALID_OPTIONS, "no option found to get");
        }
        return request.ok(reply);
    }

    private static boolean commandNotFound(Request request) {
        return request.commandError(COMMAND_NOT_FOUND,
                "no such command: '" + request.commandName().orElseThrow() + "'");
    }

    private static boolean connectionStatus(Request request) {
        BsonDocument authInfo = new BsonDocument("authenticatedUsers", new BsonArray())
                .append("authenticatedUserRoles", new BsonArray());
        if (request.body().getBoolean("showPrivileges", BsonBoolean.FALSE).getValue()) {
            authInfo.append("authenticatedUserPrivileges", new BsonArray());
        }
        return request.ok("authInfo", authInfo);
    }

    private static boolean whatsMyUri(Request request) {
        SocketAddress address = request.connection().clientAddress().orElse(null);
        String you = "anonymous unix socket";
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            you = (inet.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return request.ok("you", you);
    }

    private static boolean replSetGetStatus(Request request) {
        return request.commandError(NO_REPLICATION_ENABLED, "not running with --replSet");
    }

    // ------------------------------------------------------------------ a session's commands

    private static boolean emptyCursor(Request request) {
        String name = request.commandName().orElseThrow().toLowerCase(Locale.ROOT);
        String ns = name.equals("listcollections") ? request.database() + ".$cmd.listCollections"
                : request.namespace();
        return request.ok("cursor", cursor(ns, "firstBatch"));
    }

    private static boolean getMore(Request request) {
        BsonValue collection = request.body().get("collection");
        String ns = collection != null && collection.isString()
                ? request.database() + "." + collection.asString().getValue() : request.namespace();
        return request.ok("cursor", cursor(ns, "nextBatch"));
    }

    private static BsonDocument cursor(String ns, String batch) {
        return new BsonDocument("id", new BsonInt64(0)).append("ns", new BsonString(ns))
                .append(batch, new BsonArray());
    }

    private static boolean killCursors(Request request) {
        BsonValue ids = request.body().get("cursors");
        BsonArray notFound = ids != null && ids.isArray() ? ids.asArray().clone() : new BsonArray();
        return request.ok(new BsonDocument("cursorsKilled", new BsonArray())
                .append("cursorsNotFound", notFound)
                .append("cursorsAlive", new BsonArray())
                .append("cursorsUnknown", new BsonArray()));
    }

    private static boolean listDatabases(Request request) {
        BsonDocument reply = new BsonDocument("databases", new BsonArray());
        if (!request.body().getBoolean("nameOnly", BsonBoolean.FALSE).getValue()) {
            reply.append("totalSize", new BsonInt64(0)).append("totalSizeMb", new BsonInt64(0));
        }
        return request.ok(reply);
    }

    private static boolean insert(Request request) {
        return request.ok("n", array(request.body(), "documents").size());
    }

    private static boolean update(Request request) {
        BsonArray upserted = new BsonArray();
        BsonArray statements = array(request.body(), "updates");
        for (int i = 0; i < statements.size(); i++) {
            BsonValue statement = statements.get(i);
            if (statement.isDocument()
                    && statement.asDocument().getBoolean("upsert", BsonBoolean.FALSE).getValue()) {
                upserted.add(new BsonDocument("index", new BsonInt32(i))
                        .append("_id", upsertedId(statement.asDocument().get("q"), statement.asDocument().get("u"))));
            }
        }
        BsonDocument reply = new BsonDocument("n", new BsonInt32(upserted.size())).append("nModified", new BsonInt32(0));
        if (!upserted.isEmpty()) {
            reply.append("upserted", upserted);
        }
        return request.ok(reply);
    }

    private static boolean findAndModify(Request request) {
        BsonDocument body = request.body();
        BsonDocument lastError = new BsonDocument("n", new BsonInt32(0));
        if (!body.getBoolean("remove", BsonBoolean.FALSE).getValue()) {
            lastError.append("updatedExisting", BsonBoolean.FALSE);
            if (body.getBoolean("upsert", BsonBoolean.FALSE).getValue()) {
                lastError.put("n", new BsonInt32(1));
                lastError.append("upserted", upsertedId(body.get("query"), body.get("update")));
            }
        }
        return request.ok(new BsonDocument("lastErrorObject", lastError).append("value", BsonNull.VALUE));
    }

    /** The _id an upsert would insert: the replacement's, else the query's equality, else a new ObjectId. */
    private static BsonValue upsertedId(BsonValue query, BsonValue update) {
        for (BsonValue doc : new BsonValue[] {update, query}) {
            if (doc != null && doc.isDocument()) {
                BsonValue id = doc.asDocument().get("_id");
                if (id != null && !(id.isDocument() && !id.asDocument().isEmpty()
                        && id.asDocument().getFirstKey().startsWith("$"))) {
                    return id;
                }
            }
        }
        return new BsonObjectId();
    }

    private static boolean dbStats(Request request) {
        BsonDocument reply = new BsonDocument("db", new BsonString(request.database()));
        for (String field : List.of("collections", "views", "objects", "indexes")) {
            reply.append(field, new BsonInt32(0));
        }
        for (String field : List.of("avgObjSize", "dataSize", "storageSize", "indexSize", "totalSize")) {
            reply.append(field, new BsonDouble(0));
        }
        return request.ok(reply.append("scaleFactor", new BsonDouble(1)));
    }

    private static boolean createIndexes(Request request) {
        int asked = array(request.body(), "indexes").size();
        return request.ok(new BsonDocument("numIndexesBefore", new BsonInt32(1))
                .append("numIndexesAfter", new BsonInt32(1 + asked))
                .append("createdCollectionAutomatically", BsonBoolean.TRUE));
    }

    private boolean serverStatus(Request request) {
        long now = System.currentTimeMillis();
        long uptimeMillis = now - started;
        return request.ok(new BsonDocument("host", new BsonString(server.unixSocket().isPresent()
                ? "localhost" : server.address()))
                .append("version", new BsonString(ServerRelease.newestUpTo(server.maxWireVersion()).version()))
                .append("process", new BsonString("mockupdb"))
                .append("pid", new BsonInt64(ProcessHandle.current().pid()))
                .append("uptime", new BsonDouble(uptimeMillis / 1000.0))
                .append("uptimeMillis", new BsonInt64(uptimeMillis))
                .append("uptimeEstimate", new BsonInt64(uptimeMillis / 1000))
                .append("localTime", new BsonDateTime(now)));
    }

    private static BsonArray array(BsonDocument body, String key) {
        BsonValue value = body.get(key);
        return value != null && value.isArray() ? value.asArray() : new BsonArray();
    }
}
