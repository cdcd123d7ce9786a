package org.mockupdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.mockupdb.internal.AutoHello;

/**
 * A sharded cluster as its clients see it: N mongoses, each a {@link MockupServer} whose hello
 * says {@code msg: "isdbgrid"} and carries a {@code topologyVersion} (so drivers stream), of the
 * same or of different wire versions. In {@link Builder#loadBalanced(boolean) load-balanced}
 * mode it is one mongos behind a load balancer: the hello carries a {@code serviceId} when the
 * client says {@code loadBalanced: true}, and {@link #uri()} says {@code loadBalanced=true}.
 *
 * <pre>{@code
 * try (MockupShardedCluster cluster = MockupShardedCluster.builder().mongoses(2).start();
 *      MongoClient client = MongoClients.create(cluster.uri())) {
 *     Outcome<?> find = Go.go(() -> client.getDatabase("db").getCollection("c").find().first());
 *     Request request = cluster.receives(Spec.command("find"));   // from either mongos
 *     request.server();                                          // which one
 * }
 * }</pre>
 *
 * <p>{@link #receives()} takes the next request no responder took from any mongos;
 * {@code mongos(i).receives()} only that mongos's.
 */
public final class MockupShardedCluster implements AutoCloseable {
    private enum State { NEW, RUNNING, STOPPED }

    private final boolean loadBalanced;
    private final Duration requestTimeout;
    private final List<Mongos> mongoses = new ArrayList<>();
    private final TopologyQueue queue;
    private final Object lock = new Object();
    private State state = State.NEW;

    private MockupShardedCluster(Builder builder) {
        this.loadBalanced = builder.loadBalanced;
        this.requestTimeout = builder.requestTimeout;
        this.queue = new TopologyQueue(describe(), this::servers);
        for (int i = 0; i < builder.mongoses; i++) {
            MockupServer.Builder b = MockupServer.builder().requestTimeout(requestTimeout)
                    .minWireVersion(builder.minWireVersion).maxWireVersion(builder.maxWireVersion);
            b = builder.serverOptions.apply(b);
            Integer[] versions = builder.wireVersions.get(i);
            if (versions != null) {
                if (versions[0] != null) {
                    b.minWireVersion(versions[0]);
                }
                if (versions[1] != null) {
                    b.maxWireVersion(versions[1]);
                }
            }
            MockupServer server = b.autoHello(false).build();
            Mongos mongos = new Mongos(server);
            server.router().addResponder(AutoHello.SPEC,
                    request -> mongos.stream.answer(request, (r, version) -> hello(mongos, r, version)), true);
            server.router().addInterceptor(request -> mongos.unreachable && request.hangUp());
            server.onStop(mongos.stream::close);
            queue.watch(server);
            mongoses.add(mongos);
        }
    }

    /** A builder: two mongoses of MongoDB 8.0, not load-balanced. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts every mongos.
     *
     * @return this cluster
     * @throws IllegalStateException when it was started before
     */
    public MockupShardedCluster start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("expected a new " + describe() + ", but it was already "
                        + (state == State.RUNNING ? "started" : "stopped") + "; a cluster starts once");
            }
            state = State.RUNNING;
        }
        List<Mongos> started = new ArrayList<>();
        try {
            for (Mongos mongos : mongoses) {
                mongos.server.start();
                started.add(mongos);
            }
        } catch (RuntimeException e) {
            started.forEach(m -> m.server.stop());
            synchronized (lock) {
                state = State.STOPPED;
            }
            throw e;
        }
        return this;
    }

    /** Stops every mongos and wakes any thread in {@link #receives()}. Stopping twice does nothing. */
    public void stop() {
        synchronized (lock) {
            state = State.STOPPED;
        }
        for (Mongos mongos : mongoses) {
            mongos.server.stop();
        }
        queue.wake();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the cluster has started and not stopped. */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    // ------------------------------------------------------------------ what it is

    /**
     * {@code mongodb://localhost:P0,localhost:P1,...}: every mongos as a seed; in load-balanced
     * mode {@code mongodb://localhost:P/?loadBalanced=true}.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String uri() {
        State now;
        synchronized (lock) {
            now = state;
        }
        if (now != State.RUNNING) {
            throw new IllegalStateException("expected a running " + describe() + ", but it "
                    + (now == State.NEW ? "was not started yet" : "was stopped"));
        }
        StringBuilder sb = new StringBuilder("mongodb://");
        for (int i = 0; i < mongoses.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(mongoses.get(i).server.address());
        }
        return sb.append(loadBalanced ? "/?loadBalanced=true" : "").toString();
    }

    /** Whether it is in load-balanced mode. */
    public boolean isLoadBalanced() {
        return loadBalanced;
    }

    /**
     * Sets a fail point on every mongos with the document of {@link
     * MockupServer#configureFailPoint(org.bson.conversions.Bson)} (as mongod's configureFailPoint,
     * sent to each); a document mongod refuses changes none, since the first refuses it.
     *
     * @return each mongos's reply ({@code {count, ok: 1}}), in order
     */
    public List<BsonDocument> configureFailPoint(org.bson.conversions.Bson command) {
        return servers().stream().map(s -> s.configureFailPoint(command)).toList();
    }

    /** The mongoses, in order. */
    public List<MockupServer> mongoses() {
        return servers();
    }

    private List<MockupServer> servers() {
        return mongoses.stream().map(m -> m.server).toList();
    }

    /**
     * Mongos {@code index}.
     *
     * @throws IndexOutOfBoundsException naming the cluster and how many mongoses it has
     */
    public MockupServer mongos(int index) {
        if (index < 0 || index >= mongoses.size()) {
            throw new IndexOutOfBoundsException("expected a mongos index from 0 to " + (mongoses.size() - 1) + " of "
                    + describe() + ", got " + index);
        }
        return mongoses.get(index).server;
    }

    /** The serviceId of mongos {@code index}: what its hello says in load-balanced mode. */
    public ObjectId serviceId(int index) {
        mongos(index);
        return mongoses.get(index).serviceId;
    }

    /** The hello {@code mongos} would answer to a plain {@code hello} now. */
    public BsonDocument hello(MockupServer mongos) {
        Mongos m = find(mongos, "read the hello of");
        BsonDocument request = new BsonDocument("hello", new BsonInt32(1)).append("$db", new BsonString("admin"));
        if (loadBalanced) {
            request.put("loadBalanced", BsonBoolean.TRUE);
        }
        Response response = hello(m, OpMsg.of(request), m.stream.topologyVersion());
        return response instanceof Reply reply ? reply.commandDocument("hello", List.of())
                : new BsonDocument("unreachable", new BsonString(Request.describe(response)));
    }

    /** The mongos hangs up every connection, now and at each new connection's first message, until {@link #makeReachable}. */
    public void makeUnreachable(MockupServer mongos) {
        Mongos m = find(mongos, "make unreachable");
        m.unreachable = true;
        m.server.closeConnections();
        m.stream.changed();
    }

    /** The mongos answers again. */
    public void makeReachable(MockupServer mongos) {
        Mongos m = find(mongos, "make reachable");
        m.unreachable = false;
        m.stream.changed();
    }

    private Mongos find(MockupServer server, String action) {
        Objects.requireNonNull(server, "mongos");
        for (Mongos m : mongoses) {
            if (m.server == server) {
                return m;
            }
        }
        throw new IllegalArgumentException("cannot " + action + " " + server + ": it is not a mongos of " + describe()
                + ", whose mongoses are " + servers());
    }

    private Response hello(Mongos m, Request request, BsonDocument topologyVersion) {
        if (m.unreachable) {
            return Fault.hangUp();
        }
        BsonDocument base = m.server.helloReply(request);
        String primaryKey = base.containsKey("ismaster") ? "ismaster" : "isWritablePrimary";
        BsonDocument doc = new BsonDocument();
        if (base.containsKey("helloOk")) {
            doc.put("helloOk", BsonBoolean.TRUE);
        }
        doc.put(primaryKey, BsonBoolean.TRUE);
        doc.put("msg", new BsonString("isdbgrid"));
        doc.put("topologyVersion", topologyVersion);
        if (loadBalanced && request.body().getBoolean("loadBalanced", BsonBoolean.FALSE).getValue()) {
            doc.put("serviceId", new BsonObjectId(m.serviceId));
        }
        for (Map.Entry<String, BsonValue> e : base.entrySet()) {
            if (!doc.containsKey(e.getKey()) && !e.getKey().equals("ok") && !e.getKey().equals("ismaster")
                    && !e.getKey().equals("isWritablePrimary")) {
                doc.put(e.getKey(), e.getValue());
            }
        }
        doc.put("ok", base.get("ok", new BsonInt32(1)));
        return Reply.of(doc);
    }

    // ------------------------------------------------------------------ the test's side

    /** The next request no responder took, from any mongos, waiting up to the request timeout. */
    public Request receives() {
        return queue.receives(Spec.any(), requestTimeout);
    }

    /** The next request from any mongos, which must be a command of this name. */
    public Request receives(String commandName) {
        return queue.receives(Spec.command(commandName), requestTimeout);
    }

    /** The next request from any mongos, which must match the spec. */
    public Request receives(Spec spec) {
        return queue.receives(spec, requestTimeout);
    }

    /**
     * The next request from any mongos (the oldest waiting), which must match the spec, waiting up
     * to {@code timeout}; {@link Request#server()} says which mongos received it.
     */
    public Request receives(Spec spec, Duration timeout) {
        return queue.receives(spec, timeout);
    }

    /** Whether the oldest request waiting at any mongos matches, waiting up to the request timeout; it stays. */
    public boolean got(Spec spec) {
        return queue.got(spec, requestTimeout);
    }

    /** The requests every mongos holds for the test, oldest first. */
    public List<Request> pendingRequests() {
        List<Request> all = new ArrayList<>();
        for (MockupServer server : servers()) {
            all.addAll(server.pendingRequests());
        }
        all.sort(java.util.Comparator.comparing(Request::receivedAt));
        return all;
    }

    /** Every mongos's conversation, one after the other. */
    public String transcript() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < mongoses.size(); i++) {
            MockupServer server = mongoses.get(i).server;
            sb.append("== mongos ").append(i).append(" (").append(server.isRunning() ? server.address() : "not running")
                    .append(")\n").append(server.transcript());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe() + " " + servers();
    }

    private String describe() {
        return loadBalanced ? "load-balanced cluster" : "sharded cluster";
    }

    private static final class Mongos {
        final MockupServer server;
        final HelloStream stream = new HelloStream();
        final ObjectId serviceId = new ObjectId();
        volatile boolean unreachable;

        Mongos(MockupServer server) {
            this.server = server;
        }
    }

    // ------------------------------------------------------------------ builder

    /** Settings for a {@link MockupShardedCluster}. */
    public static final class Builder {
        private int mongoses = 2;
        private boolean loadBalanced;
        private Duration requestTimeout = MockupServer.DEFAULT_REQUEST_TIMEOUT;
        private UnaryOperator<MockupServer.Builder> serverOptions = b -> b;
        private int minWireVersion;
        private int maxWireVersion = MockupServer.DEFAULT_MAX_WIRE_VERSION;
        private final Map<Integer, Integer[]> wireVersions = new LinkedHashMap<>();

        private Builder() {
        }

        /** How many mongoses; 2 by default. */
        public Builder mongoses(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("expected one mongos or more in a sharded cluster, got " + count);
            }
            this.mongoses = count;
            return this;
        }

        /**
         * One mongos behind a load balancer: its hello carries a {@code serviceId} when the client
         * says {@code loadBalanced: true}, and {@link MockupShardedCluster#uri()} says
         * {@code loadBalanced=true}. A driver in load-balanced mode takes one address, so the cluster
         * must have one mongos.
         */
        public Builder loadBalanced(boolean enabled) {
            this.loadBalanced = enabled;
            return this;
        }

        /** Mongos {@code index}'s wire versions: a mongos of another MongoDB version. */
        public Builder mongosWireVersions(int index, int minWireVersion, int maxWireVersion) {
            if (index < 0) {
                throw new IllegalArgumentException("expected a mongos index of 0 or more, got " + index);
            }
            wireVersions.put(index, new Integer[] {minWireVersion, maxWireVersion});
            return this;
        }

        /** Every mongos's maxWireVersion unless set per mongos; 25 (MongoDB 8.0) by default. */
        public Builder maxWireVersion(int version) {
            this.maxWireVersion = version;
            return this;
        }

        /** Every mongos's minWireVersion unless set per mongos; 0 by default. */
        public Builder minWireVersion(int version) {
            this.minWireVersion = version;
            return this;
        }

        /** Every mongos's request timeout; the cluster's receives() waits as long. */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("expected a request timeout of zero or more, got " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Other settings of every mongos's server, applied to each one's builder. */
        public Builder serverOptions(UnaryOperator<MockupServer.Builder> options) {
            this.serverOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** A cluster with these settings, not started. */
        public MockupShardedCluster build() {
            for (int index : wireVersions.keySet()) {
                if (index >= mongoses) {
                    throw new IllegalArgumentException("expected wire versions for mongoses 0 to " + (mongoses - 1)
                            + ", got wire versions for mongos " + index);
                }
            }
            if (loadBalanced && mongoses != 1) {
                throw new IllegalArgumentException("expected one mongos behind the load balancer, got " + mongoses
                        + ": a driver in load-balanced mode takes one address");
            }
            return new MockupShardedCluster(this);
        }

        /** A started cluster with these settings. */
        public MockupShardedCluster start() {
            return build().start();
        }
    }
}
