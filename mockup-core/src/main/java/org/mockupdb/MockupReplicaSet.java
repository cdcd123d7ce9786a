package org.mockupdb;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.mockupdb.internal.AutoHello;

/**
 * A replica set of {@link MockupServer}s whose hellos agree, as mongod 8.0's do, and change
 * together at one call: {@link #stepDown()}, {@link #elect(MockupServer)}, a reconfig
 * ({@link #addMember()}, {@link #removeMember(MockupServer)}), a member
 * {@link #makeUnreachable(MockupServer) unreachable}, {@link #makeGhost(MockupServer) RSGhost},
 * {@link #makeRecovering(MockupServer) recovering} or {@link #reportSetName(MockupServer, String)
 * of another set}.
 *
 * <pre>{@code
 * try (MockupReplicaSet rs = MockupReplicaSet.builder().setName("rs").members(3).start();
 *      MongoClient client = MongoClients.create(rs.uri())) {
 *     Outcome<?> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(doc));
 *     Request request = rs.receives(Spec.command("insert"));     // from any member
 *     assertEquals(rs.primary().orElseThrow(), request.server().orElseThrow());
 *     request.ok();
 * }
 * }</pre>
 *
 * <p>Each member answers hello itself with the set's fields: {@code topologyVersion},
 * {@code hosts}, {@code passives}, {@code arbiters}, {@code setName}, {@code setVersion},
 * {@code isWritablePrimary}, {@code secondary}, {@code primary}, {@code arbiterOnly},
 * {@code passive}, {@code hidden}, {@code tags}, {@code me}, {@code electionId} (on the
 * primary), {@code lastWrite}, then the member's own limits and wire versions. Every member
 * streams hello: a driver's monitor hears a change at once rather than at its next poll, and a
 * driver that polls sees it at the next poll. Otherwise each member is an ordinary
 * {@link MockupServer}: its own responders, {@code receives()} (its requests only) and faults; a
 * test's own hello responder on a member comes before the set's.
 *
 * <p>{@link #receives()} takes the next request that no responder took from any member;
 * {@link Request#server()} says which. Members are numbered in the order of the builder: the
 * data-bearing members first, then the arbiters, then members added later.
 */
public final class MockupReplicaSet implements AutoCloseable {
    /** How an {@link #makeUnreachable(MockupServer, Unreachable) unreachable} member behaves. */
    public enum Unreachable {
        /** It accepts connections and hangs up each at its first message; open ones are hung up now. */
        HANG_UP,
        /** It closes each new connection at once, before reading from it; open ones are closed now. */
        REFUSE
    }

    private enum Role { PRIMARY, SECONDARY, ARBITER }

    private enum Condition { HEALTHY, GHOST, RECOVERING, REMOVED }

    private enum State { NEW, RUNNING, STOPPED }

    private final String setName;
    private final Duration requestTimeout;
    private final UnaryOperator<MockupServer.Builder> serverOptions;
    private final int minWireVersion;
    private final int maxWireVersion;
    private final Object lock = new Object();
    /** The members in the set's config, in order; under the lock. */
    private final List<Member> members = new ArrayList<>();
    /** Members removed by a reconfig: they answer as RSGhost until the set stops. */
    private final List<Member> removed = new ArrayList<>();
    private final TopologyQueue queue;
    private final long createdAtMillis = System.currentTimeMillis();
    private Member primary;
    private int setVersion = 1;
    private long term;
    private State state = State.NEW;

    private MockupReplicaSet(Builder builder) {
        this.setName = builder.setName;
        this.requestTimeout = builder.requestTimeout;
        this.serverOptions = builder.serverOptions;
        this.minWireVersion = builder.minWireVersion;
        this.maxWireVersion = builder.maxWireVersion;
        this.queue = new TopologyQueue(describe(), this::servers);
        int total = builder.members + builder.arbiters;
        for (int i = 0; i < total; i++) {
            MemberOptions options = builder.memberOptions.getOrDefault(i, new MemberOptions());
            if (i >= builder.members) {
                options.arbiter = true;
            }
            members.add(newMember(options));
        }
        if (builder.primary >= 0) {
            Member first = members.get(builder.primary);
            Optional<String> why = cannotBePrimary(first);
            if (why.isPresent()) {
                throw new IllegalArgumentException("expected member " + builder.primary + " of " + describe()
                        + " to be able to start as primary, but it " + why.get());
            }
            primary = first;
            first.role = Role.PRIMARY;
            term = 1;
        }
    }

    /** {@return a builder: set name "rs", three members, member 0 the primary} */
    public static Builder builder() {
        return new Builder();
    }

    private Member newMember(MemberOptions options) {
        MockupServer.Builder b = MockupServer.builder().requestTimeout(requestTimeout)
                .minWireVersion(minWireVersion).maxWireVersion(maxWireVersion);
        b = serverOptions.apply(b);
        if (options.minWireVersion != null) {
            b.minWireVersion(options.minWireVersion);
        }
        if (options.maxWireVersion != null) {
            b.maxWireVersion(options.maxWireVersion);
        }
        if (options.port != null) {
            b.port(options.port);
        }
        MockupServer server = b.autoHello(false).build();
        Member member = new Member(server, options.copy());
        server.router().addResponder(AutoHello.SPEC,
                request -> member.stream.answer(request, (r, version) -> hello(member, r, version)), true);
        server.addResponseFilter(new StateChangeErrors(member.stream::topologyVersion));
        // First of the interceptors: an unreachable member answers nothing, fail points included.
        server.router().addFirstInterceptor(new Interceptor() {
            @Override
            public boolean intercept(Request request) {
                if (member.unreachable == null) {
                    return false;
                }
                return request.hangUp();
            }

            @Override
            public String toString() {
                return "unreachable " + member;
            }
        });
        server.onStop(member.stream::close);
        queue.watch(server);
        return member;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts every member.
     *
     * @return this set
     * @throws IllegalStateException when it was started before
     */
    public MockupReplicaSet start() {
        List<Member> toStart;
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("expected a new " + describe() + ", but it was already "
                        + (state == State.RUNNING ? "started" : "stopped") + "; a replica set starts once");
            }
            state = State.RUNNING;
            toStart = List.copyOf(members);
        }
        List<Member> started = new ArrayList<>();
        try {
            for (Member member : toStart) {
                member.server.start();
                started.add(member);
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

    /**
     * Stops every member, removed ones too, and wakes any thread in {@link #receives()}.
     * Stopping a stopped set does nothing.
     */
    public void stop() {
        List<Member> all;
        synchronized (lock) {
            state = State.STOPPED;
            all = new ArrayList<>(members);
            all.addAll(removed);
        }
        for (Member member : all) {
            member.server.stop();
        }
        queue.wake();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** {@return whether the set has started and not stopped} */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    // ------------------------------------------------------------------ what it is

    /** {@return the set's name, as every member's hello gives it (unless told otherwise)} */
    public String setName() {
        return setName;
    }

    /**
     * {@return {@code mongodb://localhost:P0,localhost:P1,.../?replicaSet=NAME}: every member as a seed}
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String uri() {
        List<MockupServer> servers = servers();
        State now;
        synchronized (lock) {
            now = state;
        }
        if (now != State.RUNNING) {
            throw new IllegalStateException("expected a running " + describe() + ", but it "
                    + (now == State.NEW ? "was not started yet" : "was stopped"));
        }
        StringBuilder sb = new StringBuilder("mongodb://");
        for (int i = 0; i < servers.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(servers.get(i).address());
        }
        return sb.append("/?replicaSet=").append(setName).toString();
    }

    /**
     * Sets a fail point on every member with the document of {@link
     * MockupServer#configureFailPoint(org.bson.conversions.Bson)} (as mongod's configureFailPoint,
     * sent to each); a document mongod refuses changes none, since the first refuses it.
     *
     * @param command a configureFailPoint document, such as {@code {configureFailPoint: "failCommand", mode: ...}}
     * @return each member's reply ({@code {count, ok: 1}}), in order
     */
    public List<BsonDocument> configureFailPoint(org.bson.conversions.Bson command) {
        return servers().stream().map(s -> s.configureFailPoint(command)).toList();
    }

    /** {@return the members in the set's config, in order (arbiters and hidden members too)} */
    public List<MockupServer> members() {
        return servers();
    }

    private List<MockupServer> servers() {
        synchronized (lock) {
            return members.stream().map(m -> m.server).toList();
        }
    }

    /**
     * {@return member {@code index} of the set's config}
     *
     * @param index the member's place in the config, from 0
     * @throws IndexOutOfBoundsException naming the set and how many members it has
     */
    public MockupServer member(int index) {
        synchronized (lock) {
            if (index < 0 || index >= members.size()) {
                throw new IndexOutOfBoundsException("expected a member index from 0 to " + (members.size() - 1)
                        + " of " + describe() + ", got " + index);
            }
            return members.get(index).server;
        }
    }

    /** {@return the primary now; empty after {@link #stepDown()} until an {@link #elect(MockupServer) election}} */
    public Optional<MockupServer> primary() {
        synchronized (lock) {
            return Optional.ofNullable(primary).map(m -> m.server);
        }
    }

    /** {@return the healthy secondaries now (hidden ones too), in config order} */
    public List<MockupServer> secondaries() {
        synchronized (lock) {
            return members.stream().filter(m -> m.role == Role.SECONDARY && m.condition == Condition.HEALTHY)
                    .map(m -> m.server).toList();
        }
    }

    /** {@return the arbiters, in config order} */
    public List<MockupServer> arbiters() {
        synchronized (lock) {
            return members.stream().filter(m -> m.role == Role.ARBITER).map(m -> m.server).toList();
        }
    }

    /** {@return the config's version: 1, plus one for each {@link #addMember() reconfig}} */
    public int setVersion() {
        synchronized (lock) {
            return setVersion;
        }
    }

    /** {@return the election term: 1 with a primary at start, plus one for each {@link #elect(MockupServer) election}} */
    public long term() {
        synchronized (lock) {
            return term;
        }
    }

    /**
     * {@return the hello {@code member} (or a member removed from the set) would answer to a plain {@code hello} now}
     *
     * @param member a member, or a member removed from the set
     */
    public BsonDocument hello(MockupServer member) {
        Member m;
        synchronized (lock) {
            m = removed.stream().filter(r -> r.server == member).findFirst().orElse(null);
        }
        if (m == null) {
            m = find(member, "read the hello of");
        }
        Response response = hello(m, OpMsg.of(new BsonDocument("hello", new BsonInt32(1))
                .append("$db", new BsonString("admin"))), m.stream.topologyVersion());
        if (response instanceof Reply reply) {
            return reply.commandDocument("hello", List.of());
        }
        return new BsonDocument("unreachable", new BsonString(Request.describe(response)));
    }

    // ------------------------------------------------------------------ state changes

    /**
     * The primary steps down and becomes a secondary: the set has no primary until
     * {@link #elect(MockupServer)}.
     *
     * @throws IllegalStateException when there is no primary
     */
    public void stepDown() {
        synchronized (lock) {
            if (primary == null) {
                throw new IllegalStateException("expected a primary in " + describe() + " to step down, but it has none");
            }
            primary.role = Role.SECONDARY;
            primary = null;
        }
        changed();
    }

    /**
     * {@link #elect(MockupServer)} of {@link #member(int) member(index)}.
     *
     * @param index the member's place in the config, from 0
     */
    public void elect(int index) {
        elect(member(index));
    }

    /**
     * An election makes {@code member} the primary in a new term: a new, greater
     * {@code electionId}; the old primary, if any, becomes a secondary. Every member's
     * streaming hello tells its monitors at once.
     *
     * @param member the member to make primary
     * @throws IllegalArgumentException when it is not a member, or cannot be primary (an arbiter,
     *     hidden or of priority 0, unreachable, RSGhost, recovering, or of another set name)
     */
    public void elect(MockupServer member) {
        synchronized (lock) {
            Member m = find(member, "elect");
            Optional<String> why = cannotBePrimary(m);
            if (why.isPresent()) {
                throw new IllegalArgumentException("cannot elect " + m + " of " + describe() + ": it " + why.get());
            }
            if (primary != null) {
                primary.role = Role.SECONDARY;
            }
            m.role = Role.PRIMARY;
            primary = m;
            term++;
        }
        changed();
    }

    private Optional<String> cannotBePrimary(Member m) {
        if (m.role == Role.ARBITER) {
            return Optional.of("is an arbiter");
        }
        if (m.options.hidden) {
            return Optional.of("is hidden (priority 0)");
        }
        if (m.options.priority == 0) {
            return Optional.of("has priority 0");
        }
        if (m.unreachable != null) {
            return Optional.of("is unreachable (" + m.unreachable + ")");
        }
        if (m.condition != Condition.HEALTHY) {
            return Optional.of("is " + m.condition.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (m.reportedSetName != null) {
            return Optional.of("reports another set name, \"" + m.reportedSetName + "\"");
        }
        return Optional.empty();
    }

    /**
     * A reconfig adds a secondary: setVersion moves.
     *
     * @return the new member, started if the set runs
     */
    public MockupServer addMember() {
        return addMember(options -> { });
    }

    /**
     * A reconfig adds a member configured by {@code options} (an arbiter, hidden, tags ...):
     * setVersion moves.
     *
     * @param options sets the new member's options
     * @return the new member, started if the set runs
     */
    public MockupServer addMember(Consumer<MemberOptions> options) {
        MemberOptions o = new MemberOptions();
        options.accept(o);
        Member member = newMember(o);
        boolean start;
        synchronized (lock) {
            start = state == State.RUNNING;
        }
        if (start) {
            member.server.start();
        }
        synchronized (lock) {
            members.add(member);
            setVersion++;
        }
        changed();
        return member.server;
    }

    /**
     * A reconfig removes {@code member}: setVersion moves, it leaves {@link #members()}, and it
     * answers hello as a removed mongod does (RSGhost) until the set stops.
     *
     * @param member the member to remove
     * @throws IllegalArgumentException when it is not a member, or is the primary (step it down first)
     */
    public void removeMember(MockupServer member) {
        synchronized (lock) {
            Member m = find(member, "remove");
            if (m == primary) {
                throw new IllegalArgumentException("cannot remove " + m + " from " + describe()
                        + ": it is the primary; stepDown() first");
            }
            members.remove(m);
            removed.add(m);
            m.condition = Condition.REMOVED;
            setVersion++;
        }
        changed();
    }

    /**
     * {@link #makeUnreachable(MockupServer, Unreachable)} with {@link Unreachable#HANG_UP}.
     *
     * @param member the member to make unreachable
     */
    public void makeUnreachable(MockupServer member) {
        makeUnreachable(member, Unreachable.HANG_UP);
    }

    /**
     * The member becomes unreachable: it hangs up every connection now, and each new one at its
     * first message ({@link Unreachable#HANG_UP}) or at once ({@link Unreachable#REFUSE}), until
     * {@link #makeReachable(MockupServer)}. An unreachable primary stays primary for the others
     * (as until an election): {@link #stepDown()} and {@link #elect(MockupServer)} say otherwise.
     *
     * @param member the member to make unreachable
     * @param how whether it hangs up at the first message or refuses connections
     */
    public void makeUnreachable(MockupServer member, Unreachable how) {
        Objects.requireNonNull(how, "how");
        Member m;
        synchronized (lock) {
            m = find(member, "make unreachable");
            m.unreachable = how;
        }
        if (how == Unreachable.REFUSE) {
            m.server.refuseConnections(true);
        } else {
            m.server.closeConnections();
        }
        changed();
    }

    /**
     * The member answers again.
     *
     * @param member an unreachable member
     */
    public void makeReachable(MockupServer member) {
        Member m;
        synchronized (lock) {
            m = find(member, "make reachable");
            m.unreachable = null;
        }
        m.server.refuseConnections(false);
        changed();
    }

    /**
     * The member answers hello as a mongod without a valid replica set config (RSGhost):
     * {@code isreplicaset: true}, no set name; a primary steps down first.
     *
     * @param member the member to make a ghost
     */
    public void makeGhost(MockupServer member) {
        setCondition(member, Condition.GHOST, "make a ghost of");
    }

    /**
     * The member is recovering: neither primary nor secondary (RSOther); a primary steps down first.
     *
     * @param member the member to make recovering
     */
    public void makeRecovering(MockupServer member) {
        setCondition(member, Condition.RECOVERING, "make recovering");
    }

    /**
     * The member reports another set name, so drivers drop it; a primary steps down first.
     *
     * @param member the member to change
     * @param otherSetName the set name its hello gives; the set's own name undoes the change
     */
    public void reportSetName(MockupServer member, String otherSetName) {
        Objects.requireNonNull(otherSetName, "otherSetName");
        synchronized (lock) {
            Member m = find(member, "change the set name of");
            demote(m);
            m.reportedSetName = otherSetName.equals(setName) ? null : otherSetName;
        }
        changed();
    }

    /**
     * The member is a healthy secondary (or arbiter) of this set again, after a ghost, recovering or other set name.
     *
     * @param member the member to recover
     */
    public void recover(MockupServer member) {
        synchronized (lock) {
            Member m = find(member, "recover");
            m.condition = Condition.HEALTHY;
            m.reportedSetName = null;
        }
        changed();
    }

    private void setCondition(MockupServer member, Condition condition, String action) {
        synchronized (lock) {
            Member m = find(member, action);
            demote(m);
            m.condition = condition;
        }
        changed();
    }

    /** Under the lock: a primary steps down. */
    private void demote(Member m) {
        if (m == primary) {
            m.role = Role.SECONDARY;
            primary = null;
        }
    }

    /** Every member's streaming monitors hear the change now. */
    private void changed() {
        List<Member> all;
        synchronized (lock) {
            all = new ArrayList<>(members);
            all.addAll(removed);
        }
        for (Member member : all) {
            member.stream.changed();
        }
    }

    /** Under or outside the lock: the member for this server, or a clear error. */
    private Member find(MockupServer server, String action) {
        Objects.requireNonNull(server, "member");
        synchronized (lock) {
            for (Member m : members) {
                if (m.server == server) {
                    return m;
                }
            }
            String what = removed.stream().anyMatch(m -> m.server == server) ? "a member removed from " : "not a member of ";
            throw new IllegalArgumentException("cannot " + action + " " + server + ": it is " + what + describe()
                    + ", whose members are " + members);
        }
    }

    // ------------------------------------------------------------------ the hello

    private Response hello(Member m, Request request, BsonDocument topologyVersion) {
        BsonDocument base = m.server.helloReply(request);
        String primaryKey = base.containsKey("ismaster") ? "ismaster" : "isWritablePrimary";
        BsonDocument doc = new BsonDocument();
        synchronized (lock) {
            if (m.unreachable != null) {
                return Fault.hangUp();
            }
            if (base.containsKey("helloOk")) {
                doc.put("helloOk", BsonBoolean.TRUE);
            }
            doc.put("topologyVersion", topologyVersion);
            if (m.condition == Condition.GHOST || m.condition == Condition.REMOVED) {
                doc.put(primaryKey, BsonBoolean.FALSE);
                doc.put("secondary", BsonBoolean.FALSE);
                doc.put("info", new BsonString("Does not have a valid replica set config"));
                doc.put("isreplicaset", BsonBoolean.TRUE);
            } else {
                putHosts(doc);
                doc.put("setName", new BsonString(m.reportedSetName != null ? m.reportedSetName : setName));
                doc.put("setVersion", new BsonInt32(setVersion));
                boolean healthy = m.condition == Condition.HEALTHY;
                doc.put(primaryKey, BsonBoolean.valueOf(healthy && m == primary));
                doc.put("secondary", BsonBoolean.valueOf(healthy && m.role == Role.SECONDARY));
                if (primary != null) {
                    doc.put("primary", new BsonString(primary.server.address()));
                }
                if (m.role == Role.ARBITER) {
                    doc.put("arbiterOnly", BsonBoolean.TRUE);
                } else if (m.options.priority == 0 || m.options.hidden) {
                    doc.put("passive", BsonBoolean.TRUE);
                }
                if (m.options.hidden) {
                    doc.put("hidden", BsonBoolean.TRUE);
                }
                if (!m.options.tags.isEmpty()) {
                    BsonDocument tags = new BsonDocument();
                    m.options.tags.forEach((k, v) -> tags.put(k, new BsonString(v)));
                    doc.put("tags", tags);
                }
                doc.put("me", new BsonString(m.server.address()));
                if (m == primary) {
                    doc.put("electionId", new BsonObjectId(electionId(term)));
                }
                if (m.role != Role.ARBITER) {
                    doc.put("lastWrite", lastWrite());
                }
            }
        }
        for (Map.Entry<String, BsonValue> e : base.entrySet()) {
            String key = e.getKey();
            if (!key.equals("ok") && !key.equals("helloOk") && !key.equals("ismaster") && !key.equals("isWritablePrimary")
                    && !doc.containsKey(key)) {
                doc.put(key, e.getValue());
            }
        }
        doc.put("ok", base.get("ok", new BsonInt32(1)));
        return Reply.of(doc);
    }

    /** Under the lock: hosts, passives and arbiters as mongod lists them (hidden members in none). */
    private void putHosts(BsonDocument doc) {
        BsonArray hosts = new BsonArray();
        BsonArray passives = new BsonArray();
        BsonArray arbiters = new BsonArray();
        for (Member member : members) {
            BsonString address = new BsonString(member.server.address());
            if (member.role == Role.ARBITER) {
                arbiters.add(address);
            } else if (!member.options.hidden) {
                (member.options.priority == 0 ? passives : hosts).add(address);
            }
        }
        doc.put("hosts", hosts);
        if (!passives.isEmpty()) {
            doc.put("passives", passives);
        }
        if (!arbiters.isEmpty()) {
            doc.put("arbiters", arbiters);
        }
    }

    /** Under the lock: every member has applied the same last write, in this term. */
    private BsonDocument lastWrite() {
        long seconds = createdAtMillis / 1000;
        BsonDocument opTime = new BsonDocument("ts", new BsonTimestamp((int) seconds, (int) Math.max(1, term)))
                .append("t", new BsonInt64(term));
        BsonDateTime date = new BsonDateTime(seconds * 1000);
        return new BsonDocument("opTime", opTime).append("lastWriteDate", date)
                .append("majorityOpTime", opTime.clone()).append("majorityWriteDate", date);
    }

    /** As mongod makes it: 0x7fffffff, then the term as 8 bytes. */
    static ObjectId electionId(long term) {
        return new ObjectId(ByteBuffer.allocate(12).putInt(Integer.MAX_VALUE).putLong(term).array());
    }

    // ------------------------------------------------------------------ the test's side

    /** {@return the next request no responder took, from any member, waiting up to the request timeout} */
    public Request receives() {
        return queue.receives(Spec.any(), requestTimeout);
    }

    /**
     * {@return the next request from any member, which must be a command of this name}
     *
     * @param commandName the command's name, as in {@link Spec#command(String)}
     */
    public Request receives(String commandName) {
        return queue.receives(Spec.command(commandName), requestTimeout);
    }

    /**
     * {@return the next request from any member, which must match the spec}
     *
     * @param spec what the request must match
     */
    public Request receives(Spec spec) {
        return queue.receives(spec, requestTimeout);
    }

    /**
     * {@return the next request from any member (the oldest waiting), which must match the spec, waiting
     * up to {@code timeout}} {@link Request#server()} says which member received it.
     *
     * @param spec what the request must match
     * @param timeout how long to wait for a request
     * @throws AssertionError when nothing came in time, the request does not match, or a member
     *     had a protocol error since the last call
     */
    public Request receives(Spec spec, Duration timeout) {
        return queue.receives(spec, timeout);
    }

    /**
     * {@return whether the oldest request waiting at any member matches, waiting up to the request timeout}
     * The request stays.
     *
     * @param spec what the request must match
     */
    public boolean got(Spec spec) {
        return queue.got(spec, requestTimeout);
    }

    /** {@return the requests every member holds for the test, oldest first} */
    public List<Request> pendingRequests() {
        List<Request> all = new ArrayList<>();
        for (MockupServer server : servers()) {
            all.addAll(server.pendingRequests());
        }
        all.sort(java.util.Comparator.comparing(Request::receivedAt));
        return all;
    }

    /** {@return every member's conversation, one after the other, each headed by its address and role} */
    public String transcript() {
        List<Member> all;
        synchronized (lock) {
            all = new ArrayList<>(members);
            all.addAll(removed);
        }
        StringBuilder sb = new StringBuilder();
        for (Member m : all) {
            sb.append("== ").append(m).append('\n').append(m.server.transcript());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe() + " " + servers();
    }

    private String describe() {
        return "replica set \"" + setName + "\"";
    }

    // ------------------------------------------------------------------ members

    private final class Member {
        final MockupServer server;
        final MemberOptions options;
        final HelloStream stream = new HelloStream();
        Role role;
        Condition condition = Condition.HEALTHY;
        String reportedSetName;
        volatile Unreachable unreachable;

        Member(MockupServer server, MemberOptions options) {
            this.server = server;
            this.options = options;
            this.role = options.arbiter ? Role.ARBITER : Role.SECONDARY;
        }

        @Override
        public String toString() {
            int index = members.indexOf(this);
            return (index >= 0 ? "member " + index : "removed member") + " ("
                    + (server.isRunning() ? server.address() : "not running") + ", " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + (condition == Condition.HEALTHY ? "" : ", " + condition.name().toLowerCase(java.util.Locale.ROOT))
                    + (unreachable == null ? "" : ", unreachable") + ")";
        }
    }

    /** One member's place in the config: arbiter, hidden, priority, tags, wire versions, port. */
    public static final class MemberOptions {
        private boolean arbiter;
        private boolean hidden;
        private double priority = 1;
        private Map<String, String> tags = Map.of();
        private Integer minWireVersion;
        private Integer maxWireVersion;
        private Integer port;

        MemberOptions() {
        }

        /**
         * An arbiter: {@code arbiterOnly: true}, listed in {@code arbiters}, never primary.
         *
         * @return these options
         */
        public MemberOptions arbiter() {
            this.arbiter = true;
            return this;
        }

        /**
         * Hidden (and so of priority 0): {@code hidden: true}, in no host list, never primary.
         *
         * @return these options
         */
        public MemberOptions hidden() {
            this.hidden = true;
            this.priority = 0;
            return this;
        }

        /**
         * Its priority; 0 makes it passive ({@code passive: true}, listed in {@code passives}, never primary).
         *
         * @param priority 0 or more; 1 by default
         * @return these options
         */
        public MemberOptions priority(double priority) {
            if (priority < 0) {
                throw new IllegalArgumentException("expected a priority of 0 or more, got " + priority);
            }
            this.priority = priority;
            return this;
        }

        /**
         * Its replica set tags, as its hello gives them.
         *
         * @param tags tag names and values
         * @return these options
         */
        public MemberOptions tags(Map<String, String> tags) {
            this.tags = Map.copyOf(tags);
            return this;
        }

        /**
         * Its hello's minWireVersion.
         *
         * @param version a wire version
         * @return these options
         */
        public MemberOptions minWireVersion(int version) {
            this.minWireVersion = version;
            return this;
        }

        /**
         * Its hello's maxWireVersion (a member of another MongoDB version, as in a rolling upgrade).
         *
         * @param version a wire version
         * @return these options
         */
        public MemberOptions maxWireVersion(int version) {
            this.maxWireVersion = version;
            return this;
        }

        /**
         * The port it listens on (0 picks a free one, the default, as for every member); it
         * overrides a port the set's {@link Builder#serverOptions serverOptions} give. A fixed port
         * makes a fixed {@link MockupReplicaSet#uri()}, for a set started outside the test (the
         * standalone server's {@code --replica-set}).
         *
         * @param port a TCP port, or 0
         * @return these options
         * @throws IllegalArgumentException when it is not from 0 to 65535
         */
        public MemberOptions port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("expected a port from 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        MemberOptions copy() {
            MemberOptions c = new MemberOptions();
            c.arbiter = arbiter;
            c.hidden = hidden;
            c.priority = priority;
            c.tags = tags;
            c.minWireVersion = minWireVersion;
            c.maxWireVersion = maxWireVersion;
            c.port = port;
            return c;
        }
    }

    // ------------------------------------------------------------------ builder

    /** Settings for a {@link MockupReplicaSet}. */
    public static final class Builder {
        private String setName = "rs";
        private int members = 3;
        private int arbiters;
        private int primary = 0;
        private Duration requestTimeout = MockupServer.DEFAULT_REQUEST_TIMEOUT;
        private UnaryOperator<MockupServer.Builder> serverOptions = b -> b;
        private int minWireVersion;
        private int maxWireVersion = MockupServer.DEFAULT_MAX_WIRE_VERSION;
        private final Map<Integer, MemberOptions> memberOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The set's name; "rs" by default.
         *
         * @param name a non-empty name
         * @return this builder
         */
        public Builder setName(String name) {
            if (Objects.requireNonNull(name, "name").isEmpty()) {
                throw new IllegalArgumentException("expected a replica set name, got an empty one");
            }
            this.setName = name;
            return this;
        }

        /**
         * How many data-bearing members (primary and secondaries); 3 by default.
         *
         * @param count one or more
         * @return this builder
         */
        public Builder members(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("expected one member or more in a replica set, got " + count);
            }
            this.members = count;
            return this;
        }

        /**
         * How many arbiters, after the data-bearing members; none by default.
         *
         * @param count zero or more
         * @return this builder
         */
        public Builder arbiters(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("expected zero arbiters or more, got " + count);
            }
            this.arbiters = count;
            return this;
        }

        /**
         * Which member starts as primary; member 0 by default.
         *
         * @param index a data-bearing member's place in the config, from 0
         * @return this builder
         */
        public Builder primary(int index) {
            if (index < 0) {
                throw new IllegalArgumentException("expected a member index of 0 or more for the primary, got " + index);
            }
            this.primary = index;
            return this;
        }

        /**
         * Starts with no primary (until {@link MockupReplicaSet#elect(MockupServer)}).
         *
         * @return this builder
         */
        public Builder noPrimary() {
            this.primary = -1;
            return this;
        }

        /**
         * Configures member {@code index}: hidden, priority, tags, wire versions.
         *
         * @param index the member's place in the config, from 0
         * @param options sets the member's options
         * @return this builder
         */
        public Builder member(int index, Consumer<MemberOptions> options) {
            if (index < 0) {
                throw new IllegalArgumentException("expected a member index of 0 or more, got " + index);
            }
            MemberOptions o = memberOptions.computeIfAbsent(index, i -> new MemberOptions());
            options.accept(o);
            return this;
        }

        /**
         * Every member's minWireVersion unless a member sets its own; 0 by default.
         *
         * @param version a wire version
         * @return this builder
         */
        public Builder minWireVersion(int version) {
            this.minWireVersion = version;
            return this;
        }

        /**
         * Every member's maxWireVersion unless a member sets its own; 25 (MongoDB 8.0) by default.
         *
         * @param version a wire version
         * @return this builder
         */
        public Builder maxWireVersion(int version) {
            this.maxWireVersion = version;
            return this;
        }

        /**
         * Every member's request timeout (see {@link MockupServer.Builder#requestTimeout}); the set's receives() waits as long.
         *
         * @param timeout zero or more
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("expected a request timeout of zero or more, got " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Other settings of every member's server (a log, TLS, a journal limit ...), applied to
         * each member's builder; the set answers hello itself whatever they say.
         *
         * @param options changes a member's server builder and returns it
         * @return this builder
         */
        public Builder serverOptions(UnaryOperator<MockupServer.Builder> options) {
            this.serverOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** {@return a set with these settings, not started} */
        public MockupReplicaSet build() {
            int total = members + arbiters;
            for (int index : memberOptions.keySet()) {
                if (index >= total) {
                    throw new IllegalArgumentException("expected options for members 0 to " + (total - 1)
                            + " of replica set \"" + setName + "\", got options for member " + index);
                }
            }
            if (primary >= members) {
                throw new IllegalArgumentException("expected the primary among the " + members + " data-bearing members "
                        + "(0 to " + (members - 1) + ") of replica set \"" + setName + "\", got member " + primary
                        + (primary < total ? ", an arbiter" : ""));
            }
            return new MockupReplicaSet(this);
        }

        /** {@return a started set with these settings} */
        public MockupReplicaSet start() {
            return build().start();
        }
    }
}
