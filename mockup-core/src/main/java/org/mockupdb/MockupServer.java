package org.mockupdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.conversions.Bson;
import org.mockupdb.internal.AutoHello;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.CursorResponder;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.auth.AuthEngine;
import org.mockupdb.internal.transport.Listener;

/**
 * A MongoDB wire-protocol server for black-pipe tests. The test drives a client at one end and,
 * at this end, receives each request, asserts on it and chooses the reply.
 *
 * <pre>{@code
 * try (MockupServer server = new MockupServer().start();
 *      MongoClient client = MongoClients.create(server.uri())) {
 *     Outcome<InsertOneResult> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(doc));
 *     server.receives(Spec.command("insert", "c")).ok(new Document("n", 1));
 *     insert.get();
 * }
 * }</pre>
 *
 * <p>Requests flow from each connection's thread through the journal ({@link #requests()}),
 * then the autoresponders newest first; a request no responder handles waits in a queue for
 * {@link #receives()}. One that waits longer than the request timeout is answered by the server
 * with an error naming the nearest responder, so a client never waits for ever. The server answers
 * {@code hello} and {@code isMaster} by itself unless built with
 * {@link Builder#autoHello(boolean) autoHello(false)}, and {@code endSessions} unless built with
 * {@link Builder#autoEndSessions(boolean) autoEndSessions(false)}. It binds to the loopback
 * address and an ephemeral port unless told otherwise.
 *
 * <p>A server built with {@linkplain Builder#user(String, String) users} authenticates as mongod
 * does (SCRAM-SHA-256, SCRAM-SHA-1, and MONGODB-X509 over TLS with {@link Builder#x509()}) and
 * answers Unauthorized (13) to other commands until a connection has authenticated; see
 * {@link Builder#user(MockupUser)}, {@link Request#authenticatedUser()} and {@link #authFaults()}.
 */
public final class MockupServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MockupServer.class.getName());

    /** The hello reply's maxWireVersion unless set: 25, as MongoDB 8.0 answers. */
    public static final int DEFAULT_MAX_WIRE_VERSION = AutoHello.DEFAULT_MAX_WIRE_VERSION;

    /** How long {@link #receives()} waits, and a request waits for the test, unless set: 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** How many requests may wait for the test at once unless set: 10,000. */
    public static final int DEFAULT_QUEUE_LIMIT = 10_000;

    private enum State { NEW, RUNNING, STOPPED }

    private final int requestedPort;
    private final InetAddress bindAddress;
    private final Path unixSocket;
    private final SSLContext tls;
    private final Duration requestTimeout;
    private final int journalLimit;
    private final int queueLimit;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final AutoHello hello;
    private final Transcript transcript;
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Object lock = new Object();
    private final Router router;
    /** Authentication, on a server with users or X.509; else null. */
    private final AuthInterceptor auth;
    private final boolean wantClientCertificates;
    /** Change responses on their way out: fail points' write concern errors. */
    private final List<ResponseFilter> responseFilters = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Draws for activationProbability and FaultRule.withProbability; seeded, so a run repeats. */
    private final java.util.Random random;
    private volatile long randomSeed;
    private final FailPoints failPoints;
    private final FaultRules faultRules;
    /** The topologyVersion and streaming hello, when built with {@link Builder#topologyVersion(boolean)}; or null. */
    private final HelloStream helloStream;
    /** Run first by {@link #stop()}: a topology's streams end there. */
    private final List<Runnable> stopHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile State state = State.NEW;
    private volatile Listener listener;
    private Acceptor acceptor;

    /** A server with the defaults: loopback, an ephemeral port, automatic hello, 10 s request timeout. */
    public MockupServer() {
        this(builder());
    }

    private MockupServer(Builder builder) {
        this.requestedPort = builder.port;
        this.bindAddress = builder.bindAddress;
        this.unixSocket = builder.unixSocket;
        this.tls = builder.tls;
        this.requestTimeout = builder.requestTimeout;
        this.journalLimit = builder.journalLimit;
        this.queueLimit = builder.queueLimit;
        this.maxConnections = builder.maxConnections;
        this.idleTimeout = builder.idleTimeout;
        Consumer<String> live = builder.log != null ? builder.log : builder.verbose ? System.err::println : null;
        this.transcript = new Transcript(live, builder.conversationListener, !builder.verbose,
                Transcript.entriesFor(builder.journalLimit));
        this.hello = new AutoHello(builder.minWireVersion, builder.maxWireVersion);
        builder.helloFields.forEach((k, v) -> hello.set(k, BsonValues.toBsonValue(v)));
        this.router = new Router(transcript, journalLimit, queueLimit, requestTimeout, builder.fallback);
        this.randomSeed = new java.util.Random().nextLong();
        this.random = new java.util.Random(randomSeed);
        this.faultRules = new FaultRules(transcript, random);
        this.failPoints = new FailPoints(transcript, this::maxWireVersion, random, () -> randomSeed);
        router.addInterceptor(faultRules);
        router.addInterceptor(failPoints);
        responseFilters.add(failPoints);
        router.addResponder(Spec.command("configureFailPoint"), failPoints::answerConfigure, true);
        router.addResponder(Spec.command("waitForFailPoint"), failPoints::answerWait, true);
        if (builder.autoEndSessions) {
            router.addResponder(Spec.command("endSessions"), request -> request.reply(Reply.ok()), true);
        }
        this.helloStream = builder.topologyVersion ? new HelloStream() : null;
        if (builder.autoHello) {
            router.addResponder(AutoHello.SPEC, helloStream == null ? hello
                    : request -> helloStream.answer(request, (r, version) -> Reply.of(withVersion(r, version))), true);
        }
        this.wantClientCertificates = builder.x509;
        if (builder.users.isEmpty() && !builder.x509) {
            this.auth = null;
        } else {
            this.auth = new AuthInterceptor(new AuthEngine(builder.users.stream().map(MockupUser::toAuthUser).toList()),
                    transcript);
            router.addInterceptor(auth);
            router.addResponder(AuthInterceptor.COMMANDS, auth::answer, true);
            hello.setExtension(auth::extendHello);
        }
        if (helloStream != null) {
            stopHooks.add(helloStream::close);
            responseFilters.add(new StateChangeErrors(helloStream::topologyVersion));
        }
    }

    private BsonDocument withVersion(Request request, BsonDocument topologyVersion) {
        BsonDocument doc = new BsonDocument("topologyVersion", topologyVersion);
        doc.putAll(hello.replyTo(request));
        return doc;
    }

    /** {@return a builder for a server with other settings} */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Binds and starts accepting connections. Binding to an address other than loopback logs a
     * warning: every host that can reach it can then connect to this test server.
     *
     * @return this server, for {@code new MockupServer().start()}
     * @throws UncheckedIOException when the address or socket path cannot be bound; the message
     *     names it and the reason
     * @throws IllegalStateException when the server was already started
     */
    public MockupServer start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("expected a new server, but this one was already "
                        + (state == State.RUNNING ? "started" : "stopped") + "; a server starts once");
            }
            listener = bind();
            String label = unixSocket != null ? unixSocket.toString() : String.valueOf(listener.port());
            router.start(label);
            acceptor = new Acceptor(listener, label, maxConnections, transcript, requestIds);
            state = State.RUNNING;
            acceptor.start(new RequestReader(this, router, transcript, this::maxWireVersion, responseFilters, idleTimeout));
        }
        if (unixSocket == null && !bindAddress.isLoopbackAddress()) {
            LOG.log(System.Logger.Level.WARNING, "MockupDB listens on " + bindAddress.getHostAddress() + ":" + port()
                    + ", not on loopback: any host that can reach this machine can connect to it. It is a server "
                    + "for tests, with no authentication unless configured; bind to loopback unless you mean it.");
        }
        return this;
    }

    private Listener bind() {
        if (unixSocket != null) {
            try {
                return Listener.unix(unixSocket);
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException("cannot listen on the Unix socket " + unixSocket + ": " + reason(e),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
        try {
            return Listener.tcp(bindAddress, requestedPort, tls, wantClientCertificates);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":"
                    + requestedPort + ": " + reason(e), e);
        }
    }

    /**
     * Closes the listener and every connection, wakes any thread waiting in {@link #receives()},
     * and waits for the server's threads to end. The port is free when it returns. Idempotent.
     */
    public void stop() {
        stopHooks.forEach(Runnable::run);
        Acceptor running;
        synchronized (lock) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                router.stop();
                return;
            }
            state = State.STOPPED;
            running = acceptor;
        }
        router.stop();
        failPoints.stop();
        running.stop();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** {@return whether the server has started and not stopped} */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    // ------------------------------------------------------------------ addresses

    /**
     * {@return the TCP port it listens on}
     *
     * @throws IllegalStateException before {@link #start()}, or when it listens on a Unix socket
     */
    public int port() {
        if (unixSocket != null) {
            throw new IllegalStateException("expected a server on TCP, but this one listens on the Unix socket "
                    + unixSocket + "; see unixSocket() and uri()");
        }
        Listener current = listener;
        if (current == null) {
            throw new IllegalStateException("expected a started server, but start() was not called yet");
        }
        return current.port();
    }

    /**
     * {@return the host name clients use: {@code "localhost"} on the loopback address and on the wildcard
     * address (which loopback reaches too), else the bound address}
     */
    public String host() {
        return bindAddress.isLoopbackAddress() || bindAddress.isAnyLocalAddress()
                ? "localhost" : bindAddress.getHostAddress();
    }

    /** {@return {@code "localhost:PORT"}, or the socket's path when it listens on a Unix socket} */
    public String address() {
        if (unixSocket != null) {
            return unixSocket.toString();
        }
        String host = host();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /**
     * {@return the connection string a driver takes: {@code "mongodb://localhost:PORT"}, with
     * {@code "/?tls=true"} when the server uses TLS, or {@code "mongodb://%2Ftmp%2Fm.sock"} (the path
     * percent-encoded) on a Unix socket} A Java client over TLS also needs an {@code SSLContext}
     * that trusts the server: {@link MockupTls#clientContext()} for the shipped certificate.
     */
    public String uri() {
        String host = unixSocket != null ? URLEncoder.encode(unixSocket.toString(), StandardCharsets.UTF_8) : address();
        return "mongodb://" + host + (tls != null ? "/?tls=true" : "");
    }

    /**
     * {@return the TCP socket address it listens on}
     *
     * @throws IllegalStateException before {@link #start()}, or when it listens on a Unix socket
     */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(bindAddress, port());
    }

    /** {@return the Unix domain socket it listens on, when built with {@link Builder#unixSocket(Path)}} */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket);
    }

    /** {@return whether clients must connect with TLS} */
    public boolean isTls() {
        return tls != null;
    }

    /** {@return how long {@link #receives()} and {@link #got(Spec)} wait by default} */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    // ------------------------------------------------------------------ hello

    /**
     * Sets the hello reply's maxWireVersion.
     *
     * @param version a wire version
     * @return this server
     */
    public MockupServer setMaxWireVersion(int version) {
        hello.set("maxWireVersion", new BsonInt32(version));
        return this;
    }

    /** {@return the hello reply's maxWireVersion now} */
    public int maxWireVersion() {
        return hello.get("maxWireVersion").asNumber().intValue();
    }

    /** {@return the hello reply's minWireVersion now} */
    public int minWireVersion() {
        return hello.get("minWireVersion").asNumber().intValue();
    }

    /**
     * Sets the hello reply's minWireVersion.
     *
     * @param version a wire version
     * @return this server
     */
    public MockupServer setMinWireVersion(int version) {
        hello.set("minWireVersion", new BsonInt32(version));
        return this;
    }

    /**
     * Sets a field of the automatic hello reply, such as {@code setName} or {@code hosts};
     * {@code isWritablePrimary} and {@code ismaster} set the same flag, sent under the name
     * the client's command uses.
     *
     * @param name the field's name
     * @param value the field's value, a Java or BSON value
     * @return this server
     */
    public MockupServer setHelloField(String name, Object value) {
        hello.set(Objects.requireNonNull(name, "name"), BsonValues.toBsonValue(value));
        helloChanged();
        return this;
    }

    /**
     * Removes a field from the automatic hello reply.
     *
     * @param name the field's name
     * @return this server
     */
    public MockupServer removeHelloField(String name) {
        hello.remove(name);
        helloChanged();
        return this;
    }

    private void helloChanged() {
        if (helloStream != null) {
            helloStream.changed();
        }
    }

    // ------------------------------------------------------------------ for topologies (package-private)

    Router router() {
        return router;
    }

    /** Changes every response on its way out, after the fail points' filter. */
    void addResponseFilter(ResponseFilter filter) {
        responseFilters.add(filter);
    }

    /** Runs {@code hook} first thing in {@link #stop()}. */
    void onStop(Runnable hook) {
        stopHooks.add(hook);
    }

    /** Hangs up every open connection; new ones are still served. */
    void closeConnections() {
        Acceptor current;
        synchronized (lock) {
            current = acceptor;
        }
        if (current != null) {
            current.closeConnections();
        }
    }

    /** Whether to close each new connection at once, unread, and every open one now. */
    void refuseConnections(boolean refuse) {
        Acceptor current;
        synchronized (lock) {
            current = acceptor;
        }
        if (current != null) {
            current.refuse(refuse);
            if (refuse) {
                current.closeConnections();
            }
        }
    }

    /**
     * {@return the reply the automatic hello would give this request} On a server with users it carries
     * {@code saslSupportedMechs} and the {@code speculativeAuthenticate} reply, whose conversation
     * it starts on the request's connection, as the automatic hello does: a test's own hello
     * responder that replies with it lets clients authenticate speculatively.
     *
     * @param request a hello or isMaster
     */
    public BsonDocument helloReply(Request request) {
        return hello.replyTo(request);
    }

    // ------------------------------------------------------------------ authentication

    /**
     * {@return faults to put into the middle of the next authentication conversations: a wrong server
     * nonce or signature, a hang-up after saslStart, a delay before saslContinue's reply}
     *
     * @throws IllegalStateException when the server has no users (nothing to authenticate)
     */
    public AuthFaults authFaults() {
        if (auth == null) {
            throw new IllegalStateException("expected a server with users (MockupServer.builder().user(...)), "
                    + "but this one has none: it does not authenticate");
        }
        return new AuthFaults(auth);
    }

    // ------------------------------------------------------------------ responders

    /**
     * Answers every command of this name with {@code {ok: 1}}.
     *
     * @param commandName the command's name (case-insensitive)
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(String commandName) {
        return autoResponds(Spec.command(commandName), Reply.ok());
    }

    /**
     * Answers every command of this name with these fields and {@code ok: 1}.
     *
     * @param commandName the command's name (case-insensitive)
     * @param fields the reply's fields
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(String commandName, Bson fields) {
        return autoResponds(Spec.command(commandName), Reply.ok(fields));
    }

    /**
     * Answers every command of this name with this reply or fault.
     *
     * @param commandName the command's name (case-insensitive)
     * @param response a {@link Reply} or a {@link Fault}
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(String commandName, Response response) {
        return autoResponds(Spec.command(commandName), response);
    }

    /**
     * Lets the handler answer every command of this name.
     *
     * @param commandName the command's name (case-insensitive)
     * @param handler answers a request, or returns false to pass it on
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(String commandName, RequestHandler handler) {
        return autoResponds(Spec.command(commandName), handler);
    }

    /**
     * Answers every matching request with {@code {ok: 1}}.
     *
     * @param spec what a request must match
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(Spec spec) {
        return autoResponds(spec, Reply.ok());
    }

    /**
     * Answers every matching request with these fields and {@code ok: 1}.
     *
     * @param spec what a request must match
     * @param fields the reply's fields
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(Spec spec, Bson fields) {
        return autoResponds(spec, Reply.ok(fields));
    }

    /**
     * Answers every matching request with this reply or fault.
     *
     * @param spec what a request must match
     * @param response a {@link Reply} or a {@link Fault}
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(Spec spec, Response response) {
        Objects.requireNonNull(response, "response");
        return autoResponds(spec, request -> request.reply(response));
    }

    /**
     * Lets the handler answer every matching request; it comes before every responder added
     * earlier. A handler that returns false passes the request on. A matching request already
     * waiting at the head of the queue is answered at once.
     *
     * @param spec what a request must match
     * @param handler answers a request, or returns false to pass it on
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder autoResponds(Spec spec, RequestHandler handler) {
        return router.addResponder(spec, handler, false);
    }

    /**
     * Serves these documents as a cursor to every command matching {@code spec} (a find, an
     * aggregate): the first batch in its reply, the rest to the getMores that follow, in
     * batches of the client's {@code batchSize}, or of {@code batchSize} when it gives none.
     * killCursors for its cursors is answered too. Cancelling the responder stops all three.
     *
     * @param spec what the command must match
     * @param documents the cursor's documents, in order
     * @param batchSize the batch size when the client gives none
     * @return the responder, which {@link Responder#cancel()} removes
     */
    public Responder servesCursor(Spec spec, List<? extends Bson> documents, int batchSize) {
        List<BsonDocument> docs = new ArrayList<>(documents.size());
        for (Bson doc : documents) {
            docs.add(BsonValues.toBsonDocument(doc).clone());
        }
        CursorResponder cursor = new CursorResponder(docs, batchSize);
        Responder kill = autoResponds(Spec.command("killCursors"), cursor::kill);
        Responder getMore = autoResponds(Spec.command("getMore"), cursor::getMore);
        Responder open = autoResponds(spec, cursor::open);
        return new Responder() {
            @Override
            public void cancel() {
                open.cancel();
                getMore.cancel();
                kill.cancel();
            }

            @Override
            public boolean isActive() {
                return open.isActive();
            }

            @Override
            public String toString() {
                return "cursor of " + docs.size() + " documents for " + spec.description();
            }
        };
    }

    /**
     * Shows the listener every request as it arrives, before any responder; it handles none.
     *
     * @param listener sees each request
     * @return the subscription, which {@link Subscription#cancel()} ends
     */
    public Subscription subscribe(Consumer<? super Request> listener) {
        return router.subscribe(listener);
    }

    // ------------------------------------------------------------------ fail points and faults

    /**
     * Sets a fail point with the same document as mongod's {@code configureFailPoint} command,
     * which the server also answers over the wire (on the admin database). {@code failCommand}
     * works as mongod's: its {@code data} takes {@code failCommands}, {@code failAllCommands},
     * {@code closeConnection}, {@code errorCode}, {@code errorLabels}, {@code writeConcernError},
     * {@code blockConnection} and {@code blockTimeMS}, {@code appName}, {@code namespace} and
     * {@code failInternalCommands}, and it applies to autoresponded and scripted requests alike.
     *
     * <pre>{@code
     * server.configureFailPoint(Document.parse("{configureFailPoint: 'failCommand', mode: {times: 1},"
     *         + " data: {failCommands: ['insert'], errorCode: 91}}"));
     * }</pre>
     *
     * @param command the document mongod's {@code configureFailPoint} command takes
     * @return mongod's reply: {@code {count: <times the fail point was entered before>, ok: 1}}
     * @throws IllegalArgumentException with mongod's code and message (naming the field) for a
     *     document mongod refuses, or a fail point it does not have; the fail point is unchanged
     */
    public BsonDocument configureFailPoint(Bson command) {
        BsonDocument doc = BsonValues.toBsonDocument(Objects.requireNonNull(command, "command"));
        try {
            long before = failPoints.configure(doc, 0);
            return new BsonDocument("count", FailPoints.number(before)).append("ok", new org.bson.BsonDouble(1));
        } catch (FailPoints.Refused e) {
            throw new IllegalArgumentException("configureFailPoint refused " + BsonValues.json(doc) + " as mongod "
                    + "does: code " + e.code + " (" + org.mockupdb.internal.wire.ErrorCodes.nameOf(e.code) + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits until the fail point was entered {@code timesEntered} times in all (mongod's count
     * never resets), as the {@code waitForFailPoint} command does.
     *
     * @param name the fail point's name, such as {@code "failCommand"}
     * @param timesEntered the count to wait for
     * @param timeout how long to wait
     * @return the times entered
     * @throws AssertionError when the count was not reached within {@code timeout}
     */
    public long waitForFailPoint(String name, long timesEntered, Duration timeout) {
        long reached = failPoints.await(Objects.requireNonNull(name, "name"), timesEntered, timeout);
        if (reached < timesEntered) {
            throw new AssertionError("expected fail point " + name + " to be entered " + timesEntered
                    + " times within " + Replies.describe(timeout) + ", but it was entered " + reached);
        }
        return reached;
    }

    /**
     * Faults requests or new connections as {@code rule} says, from now until it is done or
     * cancelled. Request rules come before the fail points and every responder.
     *
     * @param rule which requests or connections to fault, and how
     * @return the injected fault, which {@link InjectedFault#cancel()} stops
     */
    public InjectedFault injectFault(FaultRule rule) {
        InjectedFault injected = faultRules.add(Objects.requireNonNull(rule, "rule"));
        if (rule.probability().isPresent()) {
            transcript.note(0, "\"" + rule.name() + "\" draws from the random seed " + randomSeed
                    + " (setRandomSeed(" + randomSeed + "L) repeats this run)");
        }
        return injected;
    }

    /** {@return the injected faults still active, in the order they were injected} */
    public List<InjectedFault> faults() {
        return faultRules.active();
    }

    /**
     * Closes every connection a {@link Fault#stall()} or a stalled connection rule holds open.
     *
     * @return how many it closed
     */
    public int releaseStalls() {
        return faultRules.releaseStalls();
    }

    /**
     * Seeds the random source of {@code activationProbability} fail points and {@link
     * FaultRule#withProbability} rules, so a run repeats exactly; a server starts with a random
     * seed, which {@link #randomSeed()} tells.
     *
     * @param seed the seed
     * @return this server
     */
    public MockupServer setRandomSeed(long seed) {
        random.setSeed(seed);
        randomSeed = seed;
        transcript.note(0, "random seed for faults and fail points: " + seed);
        return this;
    }

    /** {@return the seed last given to the random source of faults and fail points} */
    public long randomSeed() {
        return randomSeed;
    }

    void stalled(org.mockupdb.internal.ServerConnection connection) {
        faultRules.stalled(connection);
    }

    FaultRule.ConnectionFault onAccept(org.mockupdb.internal.ServerConnection connection) {
        return faultRules.onAccept(connection);
    }

    // ------------------------------------------------------------------ the test's side

    /** {@return the next request, whatever it is, waiting up to the request timeout} */
    public Request receives() {
        return receives(Spec.any(), requestTimeout);
    }

    /**
     * {@return the next request, which must be a command of this name}
     *
     * @param commandName the command's name, as in {@link Spec#command(String)}
     */
    public Request receives(String commandName) {
        return receives(Spec.command(commandName), requestTimeout);
    }

    /**
     * {@return the next request, which must match the spec, waiting up to the request timeout}
     *
     * @param spec what the request must match
     */
    public Request receives(Spec spec) {
        return receives(spec, requestTimeout);
    }

    /**
     * {@return the next request, whatever it is, waiting up to {@code timeout}}
     *
     * @param timeout how long to wait for a request
     */
    public Request receives(Duration timeout) {
        return receives(Spec.any(), timeout);
    }

    /**
     * Takes the next request from the queue, waiting up to {@code timeout} for one.
     *
     * @param spec what the request must match
     * @param timeout how long to wait for a request
     * @return the request
     * @throws AssertionError when nothing came in time ("expected to receive ..., got nothing"),
     *                        when the request does not match ("expected ..., got ..."), or
     *                        when a client broke the protocol since the last call
     */
    public Request receives(Spec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Request request;
        try {
            request = router.await(spec, timeout, true);
        } catch (Router.NothingReceived e) {
            throw new AssertionError(e.getMessage());
        }
        Optional<String> why = spec.mismatch(request);
        if (why.isPresent()) {
            throw new AssertionError("expected " + spec.description() + ", got " + request + ": " + why.get());
        }
        return request;
    }

    /**
     * {@return whether the request at the head of the queue matches, waiting up to the request timeout
     * for one to arrive; false when none came} It stays in the queue.
     *
     * @param spec what the request must match
     */
    public boolean got(Spec spec) {
        return got(spec, requestTimeout);
    }

    /**
     * {@return whether the request at the head of the queue matches, waiting up to {@code timeout}} Like
     * {@link #got(Spec)}.
     *
     * @param spec what the request must match
     * @param timeout how long to wait for a request
     */
    public boolean got(Spec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        try {
            return spec.matches(router.await(spec, timeout, false));
        } catch (Router.NothingReceived e) {
            return false;
        }
    }

    /**
     * {@return the requests as they come, for a loop that answers them} Each step waits up to the
     * request timeout, and the loop ends when none came in that time or the server stopped.
     */
    public Iterable<Request> incoming() {
        return () -> new Iterator<>() {
            private Request next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = router.await(Spec.any(), requestTimeout, true);
                    } catch (Router.NothingReceived e) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public Request next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no request came within " + Replies.describe(requestTimeout));
                }
                Request r = next;
                next = null;
                return r;
            }
        };
    }

    // ------------------------------------------------------------------ what happened

    /**
     * {@return every request received, autoresponded or not, in arrival order; only the last ones when
     * the server was built with a {@link Builder#journalLimit(int) journal limit}}
     */
    public List<Request> requests() {
        return router.journal();
    }

    /** {@return how many requests arrived so far, including any the journal no longer keeps} */
    public long requestCount() {
        return router.requestCount();
    }

    /** {@return requests no responder answered and the test has not received yet, oldest first} */
    public List<Request> pendingRequests() {
        return router.pending();
    }

    /**
     * {@return every protocol error and responder failure so far, reported or not (the last
     * {@link Builder#journalLimit(int) journalLimit} of them)}
     */
    public List<ProtocolError> protocolErrors() {
        return router.errors();
    }

    /**
     * {@return protocol errors and responder failures that no {@link #receives()} has reported yet, oldest
     * first} A test framework checks this after a test, so an error after the test's last
     * {@code receives()} is not lost.
     */
    public List<ProtocolError> unreportedErrors() {
        return router.unreported();
    }

    /**
     * {@return the conversation so far, readable: every request, reply and event in order, per
     * connection, then the requests still waiting for the test}
     */
    public String transcript() {
        StringBuilder sb = new StringBuilder(transcript.render());
        List<Request> pending = pendingRequests();
        if (!pending.isEmpty()) {
            sb.append("requests the test has not received:\n");
            for (Request r : pending) {
                sb.append("  [conn ").append(r.connection().id()).append("] ").append(r).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "MockupServer(" + (listener == null ? "not started" : address()) + (tls != null ? ", TLS" : "")
                + ", " + state + ")";
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ builder

    /** Settings for a {@link MockupServer}; {@link #build()} makes one and {@link #start()} starts it too. */
    public static final class Builder {
        private int port;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private Path unixSocket;
        private SSLContext tls;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int journalLimit = Integer.MAX_VALUE;
        private int queueLimit = DEFAULT_QUEUE_LIMIT;
        private int maxConnections = Integer.MAX_VALUE;
        private Duration idleTimeout = Duration.ZERO;
        private Consumer<String> log;
        private boolean verbose;
        private Consumer<ConversationEvent> conversationListener;
        private RequestHandler fallback;
        private boolean autoHello = true;
        private boolean autoEndSessions = true;
        private int minWireVersion;
        private int maxWireVersion = AutoHello.DEFAULT_MAX_WIRE_VERSION;
        private final Map<String, Object> helloFields = new java.util.LinkedHashMap<>();
        private final List<MockupUser> users = new ArrayList<>();
        private boolean x509;
        private boolean topologyVersion;

        private Builder() {
        }

        /**
         * Whether the automatic hello carries a {@code topologyVersion} and streams (false by
         * default). With it, drivers monitor the server with the streaming hello: a monitoring
         * connection's hello waits for a change and every change of a hello field
         * ({@link MockupServer#setHelloField}) reaches them at once; a hello asking for
         * {@code exhaustAllowed} gets replies flagged moreToCome, one at each change or each
         * {@code maxAwaitTimeMS}. Without it, drivers poll (every 10 s by default).
         *
         * @param enabled whether the hello streams
         * @return this builder
         */
        public Builder topologyVersion(boolean enabled) {
            this.topologyVersion = enabled;
            return this;
        }

        /**
         * The port to listen on; 0 (the default) picks a free one.
         *
         * @param port a TCP port, or 0
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("expected a port from 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind; the loopback address by default.
         *
         * @param address a local address
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Listens on a Unix domain socket at {@code path} instead of TCP. A stale socket file there
         * (one no server listens on) is removed first; the server removes its own file on stop.
         * Clients connect with {@link MockupServer#uri()}, which percent-encodes the path.
         *
         * @param path the socket file's path
         * @return this builder
         */
        public Builder unixSocket(Path path) {
            this.unixSocket = Objects.requireNonNull(path, "path").toAbsolutePath();
            return this;
        }

        /**
         * Serves over TLS with the test certificate MockupDB ships, valid for {@code localhost},
         * {@code 127.0.0.1} and {@code ::1}. Java clients trust it through
         * {@link MockupTls#clientContext()}; other clients through the CA file {@link MockupTls#caFile()}.
         *
         * @return this builder
         */
        public Builder tls() {
            return tls(MockupTls.serverContext());
        }

        /**
         * Serves over TLS with the key and certificate of {@code serverContext}, for example your own key store.
         *
         * @param serverContext a context with the server's key and certificate
         * @return this builder
         */
        public Builder tls(SSLContext serverContext) {
            this.tls = Objects.requireNonNull(serverContext, "serverContext");
            return this;
        }

        /**
         * How long {@code receives()} waits by default, and how long a request may wait for the
         * test before the server answers it with an error itself ({@link #DEFAULT_REQUEST_TIMEOUT}
         * unless set); zero means receives() does not wait and the server never answers by itself.
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
         * Keeps only the last {@code limit} requests in {@link MockupServer#requests()}, as many
         * protocol errors, and the transcript's entries of about as many, so that a long-running server (the standalone
         * one, a soak test) holds a bounded amount of memory however many requests it serves.
         * Unlimited by default: a test wants the whole conversation. {@link MockupServer#requestCount()}
         * still counts every request.
         *
         * @param limit 1 or more
         * @return this builder
         * @throws IllegalArgumentException when {@code limit} is below 1
         */
        public Builder journalLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("expected a journal limit of 1 or more, got " + limit);
            }
            this.journalLimit = limit;
            return this;
        }

        /**
         * How many requests may wait for the test at once ({@link #DEFAULT_QUEUE_LIMIT} unless
         * set): the next is answered with an error and recorded as a protocol error, so a test that
         * forgets to receive cannot exhaust memory.
         *
         * @param limit 1 or more
         * @return this builder
         * @throws IllegalArgumentException when {@code limit} is below 1
         */
        public Builder queueLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("expected a queue limit of 1 or more, got " + limit);
            }
            this.queueLimit = limit;
            return this;
        }

        /**
         * How many client connections may be open at once; a connection beyond it is closed at once
         * and noted in the transcript. Unlimited by default.
         *
         * @param limit 1 or more
         * @return this builder
         * @throws IllegalArgumentException when {@code limit} is below 1
         */
        public Builder maxConnections(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("expected a connection limit of 1 or more, got " + limit);
            }
            this.maxConnections = limit;
            return this;
        }

        /**
         * What the server does with a request no responder takes, instead of queueing it for the
         * test: for a server no test drives, such as the standalone one (answer everything
         * {@code ok}, or CommandNotFound). A handler that returns false queues the request.
         *
         * @param handler answers a request, or returns false to queue it
         * @return this builder
         */
        public Builder fallback(RequestHandler handler) {
            this.fallback = handler;
            return this;
        }

        /**
         * Closes a TCP connection whose client sent nothing for this long (a leaked or hung
         * client); zero, the default, never does. Keep it above the clients' heartbeat and
         * {@code maxAwaitTimeMS} (10 s by default), or monitors are cut off.
         *
         * @param timeout how long a connection may stay silent
         * @return this builder
         * @throws IllegalArgumentException when {@code timeout} is negative
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("expected an idle timeout of zero or more, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Tells {@code listener} each line of the conversation as a typed event, as it happens.
         *
         * @param listener sees each event
         * @return this builder
         */
        public Builder conversationListener(Consumer<ConversationEvent> listener) {
            this.conversationListener = listener;
            return this;
        }

        /**
         * Prints the conversation as it happens, every message in full: to standard error, or to
         * the {@link #log(Consumer) log} when one is given. Without it, a handshake's client metadata
         * (driver, OS, platform: some 600 characters) is shortened in the transcript.
         *
         * @param verbose whether to print everything
         * @return this builder
         */
        public Builder verbose(boolean verbose) {
            this.verbose = verbose;
            return this;
        }

        /**
         * Sends each line of the conversation to {@code log} as it happens.
         *
         * @param log where the lines go
         * @return this builder
         */
        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /**
         * Whether the server answers hello and isMaster by itself; true by default.
         *
         * @param enabled whether it answers them
         * @return this builder
         */
        public Builder autoHello(boolean enabled) {
            this.autoHello = enabled;
            return this;
        }

        /**
         * Whether the server answers {@code endSessions} with {@code {ok: 1}} by itself; true by
         * default, so that closing a driver's client, which sends endSessions and waits for the
         * reply, never hangs a test. A test's own responder for endSessions still comes first.
         *
         * @param enabled whether it answers endSessions
         * @return this builder
         */
        public Builder autoEndSessions(boolean enabled) {
            this.autoEndSessions = enabled;
            return this;
        }

        /**
         * The hello reply's minWireVersion; 0 by default.
         *
         * @param version a wire version
         * @return this builder
         */
        public Builder minWireVersion(int version) {
            this.minWireVersion = version;
            return this;
        }

        /**
         * The hello reply's maxWireVersion; {@link MockupServer#DEFAULT_MAX_WIRE_VERSION} (25, MongoDB 8.0) by default.
         *
         * @param version a wire version
         * @return this builder
         */
        public Builder maxWireVersion(int version) {
            this.maxWireVersion = version;
            return this;
        }

        /**
         * A field of the automatic hello reply; see {@link MockupServer#setHelloField(String, Object)}.
         *
         * @param name the field's name
         * @param value the field's value, a Java or BSON value
         * @return this builder
         */
        public Builder helloField(String name, Object value) {
            helloFields.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * A user of {@code "admin"} with SCRAM-SHA-1 and SCRAM-SHA-256 ({@link MockupUser#scram}); see
         * {@link #user(MockupUser)}.
         *
         * @param name the user name
         * @param password the user's password
         * @return this builder
         */
        public Builder user(String name, String password) {
            return user(MockupUser.scram(name, password));
        }

        /**
         * A user the server authenticates, as mongod would with this user created: SCRAM-SHA-256
         * and SCRAM-SHA-1 over saslStart/saslContinue and speculatively in the handshake (from
         * maxWireVersion 9, MongoDB 4.4, as mongod), {@code saslSupportedMechs} in the hello, a
         * wrong password refused with AuthenticationFailed (18). Several users may be given, in
         * several databases (the client's {@code authSource}). With any user, a connection that
         * has not authenticated gets Unauthorized (13) for every command except the handshake,
         * the authentication commands, ping, listCommands and buildInfo, and for every legacy
         * message; a test's own responders never see those. The automatic hello carries the
         * authentication fields; a test's own hello responder can send them with
         * {@link MockupServer#helloReply(Request)}.
         *
         * @param user the user
         * @return this builder
         * @throws IllegalArgumentException at {@link #build()} for the same user given twice
         */
        public Builder user(MockupUser user) {
            users.add(Objects.requireNonNull(user, "user"));
            if (user.isX509()) {
                x509 = true;
            }
            return this;
        }

        /**
         * An X.509 user, {@code user(MockupUser.x509(subject))}: only the clients whose verified
         * certificate has this RFC 2253 subject authenticate with MONGODB-X509 (see {@link #x509()},
         * which it implies).
         *
         * @param subject the RFC 2253 subject of the client's certificate
         * @return this builder
         */
        public Builder x509User(String subject) {
            return user(MockupUser.x509(subject));
        }

        /**
         * MONGODB-X509 authentication over TLS: the server asks each TLS client for a certificate
         * (it may send none: "want", not "need"), and {@code authenticate} with MONGODB-X509 on
         * {@code $external} authenticates the RFC 2253 subject of a certificate it verified, such
         * as {@link MockupTls#clientCertificateSubject()}. When no {@link #x509User(String)} is
         * given, <em>any</em> verified subject authenticates (as if mongod had a user for each);
         * otherwise only theirs. Turns authentication on, with the gate {@link #user(MockupUser)}
         * describes. Needs {@link #tls()}; with {@link #tls(SSLContext)}, the context's trust
         * managers decide which client certificates verify (the shipped {@link MockupTls#serverContext()}
         * trusts the shipped CA, which signed the shipped client certificate).
         *
         * @return this builder
         */
        public Builder x509() {
            this.x509 = true;
            return this;
        }

        /** {@return a server with these settings, not started} */
        public MockupServer build() {
            if (minWireVersion > maxWireVersion) {
                throw new IllegalArgumentException("expected minWireVersion <= maxWireVersion, got "
                        + minWireVersion + " > " + maxWireVersion);
            }
            if (unixSocket != null && tls != null) {
                throw new IllegalArgumentException("expected TLS or a Unix socket, got both: MongoDB clients do not "
                        + "use TLS over Unix sockets; listen on TCP for TLS");
            }
            if (x509 && tls == null) {
                throw new IllegalArgumentException("expected tls() with X.509 authentication (x509(), x509User()), "
                        + "got no TLS: clients present certificates only over TLS");
            }
            return new MockupServer(this);
        }

        /** {@return a started server with these settings} */
        public MockupServer start() {
            return build().start();
        }
    }
}
