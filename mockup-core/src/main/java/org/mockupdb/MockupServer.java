package org.mockupdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.conversions.Bson;
import org.mockupdb.internal.AutoHello;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.CursorResponder;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.transport.Link;
import org.mockupdb.internal.transport.Listener;
import org.mockupdb.internal.wire.ErrorCodes;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.FrameReader;
import org.mockupdb.internal.wire.OpCodes;
import org.mockupdb.internal.wire.WireDecoder;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireProtocolException;

/**
 * A MongoDB wire-protocol server for black-pipe tests. The test drives a client at one end
 * and, at this end, receives each request, asserts on it and chooses the reply.
 *
 * <pre>{@code
 * try (MockupServer server = new MockupServer().start();
 *      MongoClient client = MongoClients.create(server.uri())) {
 *     Outcome<InsertOneResult> insert = Go.go(() -> client.getDatabase("db").getCollection("c").insertOne(doc));
 *     server.receives(Spec.command("insert", "c")).ok();
 *     insert.get();
 * }
 * }</pre>
 *
 * <p>Requests flow from each connection's thread through the journal ({@link #requests()}),
 * then the autoresponders newest first; a request no responder handles waits in a queue for
 * {@link #receives()}. The server answers {@code hello} and {@code isMaster} by itself unless
 * built with {@link Builder#autoHello(boolean) autoHello(false)}, and {@code endSessions} unless
 * built with {@link Builder#autoEndSessions(boolean) autoEndSessions(false)}. It binds to the loopback
 * address and an ephemeral port unless told otherwise.
 */
public final class MockupServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MockupServer.class.getName());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    /** The hello reply's maxWireVersion unless set: 25, as MongoDB 8.0 answers. */
    public static final int DEFAULT_MAX_WIRE_VERSION = AutoHello.DEFAULT_MAX_WIRE_VERSION;

    private enum State { NEW, RUNNING, STOPPED }

    private final int requestedPort;
    private final InetAddress bindAddress;
    private final Path unixSocket;
    private final SSLContext tls;
    private final Duration requestTimeout;
    private final int journalLimit;
    private final AutoHello hello;
    private final Transcript transcript;

    private final Object lock = new Object();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final ArrayDeque<Request> journal = new ArrayDeque<>();
    private int requestCount;
    private final ArrayDeque<ProtocolError> unreportedErrors = new ArrayDeque<>();
    private final List<ProtocolError> errors = new ArrayList<>();
    private final List<Entry> responders = new ArrayList<>();
    private final List<Entry> lastResorts = new ArrayList<>();
    private final CopyOnWriteArrayList<Entry> subscribers = new CopyOnWriteArrayList<>();
    private volatile Entry[] chain = new Entry[0];
    private int chainVersion;

    private final AtomicInteger requestIds = new AtomicInteger();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Set<ServerConnection> connections = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<Thread> threads = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile State state = State.NEW;
    private volatile Listener listener;
    private Thread acceptThread;

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
        this.transcript = new Transcript(builder.log, Transcript.entriesFor(builder.journalLimit));
        this.hello = new AutoHello(builder.minWireVersion, builder.maxWireVersion);
        builder.helloFields.forEach((k, v) -> hello.set(k, BsonValues.toBsonValue(v)));
        if (builder.autoHello) {
            autoResponds(AutoHello.SPEC, hello);
        }
        if (builder.autoEndSessions) {
            autoResponds("endSessions");
        }
    }

    /** A builder for a server with other settings. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Binds and starts accepting connections.
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
            if (unixSocket != null) {
                try {
                    listener = Listener.unix(unixSocket);
                } catch (IOException | RuntimeException e) {
                    throw new UncheckedIOException("cannot listen on the Unix socket " + unixSocket + ": " + reason(e),
                            e instanceof IOException io ? io : new IOException(e));
                }
            } else {
                try {
                    listener = Listener.tcp(bindAddress, requestedPort, tls);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":"
                            + requestedPort + ": " + reason(e), e);
                }
            }
            state = State.RUNNING;
            acceptThread = new Thread(this::acceptLoop, "mockupdb-accept-" + threadLabel(listener));
            acceptThread.setDaemon(true);
            acceptThread.start();
        }
        return this;
    }

    /**
     * Closes the listener and every connection, wakes any thread waiting in {@link #receives()},
     * and waits for the server's threads to end. The port is free when it returns. Idempotent.
     */
    public void stop() {
        List<Thread> toJoin;
        synchronized (lock) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPED;
            lock.notifyAll();
            listener.close();
        }
        List<ServerConnection> open;
        synchronized (connections) {
            open = new ArrayList<>(connections);
        }
        open.forEach(ServerConnection::close);
        synchronized (threads) {
            toJoin = new ArrayList<>(threads);
        }
        toJoin.add(acceptThread);
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread t : toJoin) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "thread " + t.getName()
                        + " did not end within " + JOIN_TIMEOUT.toSeconds() + " s of stop(): a responder may be blocked");
            }
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Whether the server has started and not stopped. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    // ------------------------------------------------------------------ addresses

    /**
     * The TCP port it listens on.
     *
     * @throws IllegalStateException before {@link #start()}, or when it listens on a Unix socket
     */
    public int port() {
        if (unixSocket != null) {
            throw new IllegalStateException("expected a server on TCP, but this one listens on the Unix socket "
                    + unixSocket + "; see unixSocket() and uri()");
        }
        return started().port();
    }

    private Listener started() {
        Listener current = listener;
        if (current == null) {
            throw new IllegalStateException("expected a started server, but start() was not called yet");
        }
        return current;
    }

    /** The host name clients use: {@code "localhost"} on the loopback address, else the bound address. */
    public String host() {
        return bindAddress.isLoopbackAddress() ? "localhost" : bindAddress.getHostAddress();
    }

    /** {@code "localhost:PORT"}, or the socket's path when it listens on a Unix socket. */
    public String address() {
        return unixSocket != null ? unixSocket.toString() : host() + ":" + port();
    }

    /**
     * The connection string a driver takes: {@code "mongodb://localhost:PORT"}, with
     * {@code "/?tls=true"} when the server uses TLS, or {@code "mongodb://%2Ftmp%2Fm.sock"} (the path
     * percent-encoded) on a Unix socket. A Java client over TLS also needs an {@code SSLContext}
     * that trusts the server: {@link MockupTls#clientContext()} for the shipped certificate.
     */
    public String uri() {
        String host = unixSocket != null
                ? URLEncoder.encode(unixSocket.toString(), StandardCharsets.UTF_8)
                : address();
        return "mongodb://" + host + (tls != null ? "/?tls=true" : "");
    }

    /**
     * The TCP socket address it listens on.
     *
     * @throws IllegalStateException before {@link #start()}, or when it listens on a Unix socket
     */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(bindAddress, port());
    }

    /** The Unix domain socket it listens on, when built with {@link Builder#unixSocket(Path)}. */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket);
    }

    /** Whether clients must connect with TLS. */
    public boolean isTls() {
        return tls != null;
    }

    /** How long {@link #receives()} and {@link #got(Spec)} wait by default. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    // ------------------------------------------------------------------ hello

    /** Sets the hello reply's maxWireVersion. Returns this server. */
    public MockupServer setMaxWireVersion(int version) {
        hello.set("maxWireVersion", new BsonInt32(version));
        return this;
    }

    /** The hello reply's maxWireVersion now. */
    public int maxWireVersion() {
        return hello.get("maxWireVersion").asNumber().intValue();
    }

    /** The hello reply's minWireVersion now. */
    public int minWireVersion() {
        return hello.get("minWireVersion").asNumber().intValue();
    }

    /** Sets the hello reply's minWireVersion. Returns this server. */
    public MockupServer setMinWireVersion(int version) {
        hello.set("minWireVersion", new BsonInt32(version));
        return this;
    }

    /**
     * Sets a field of the automatic hello reply, such as {@code setName} or {@code hosts};
     * {@code isWritablePrimary} and {@code ismaster} set the same flag, sent under the name
     * the client's command uses. Returns this server.
     */
    public MockupServer setHelloField(String name, Object value) {
        hello.set(Objects.requireNonNull(name, "name"), BsonValues.toBsonValue(value));
        return this;
    }

    /** Removes a field from the automatic hello reply. Returns this server. */
    public MockupServer removeHelloField(String name) {
        hello.remove(name);
        return this;
    }

    /** The reply the automatic hello would give this request. */
    public BsonDocument helloReply(Request request) {
        return hello.replyTo(request);
    }

    // ------------------------------------------------------------------ responders

    /** Answers every command of this name with {@code {ok: 1}}. */
    public Responder autoResponds(String commandName) {
        return autoResponds(Spec.command(commandName), Reply.ok());
    }

    /** Answers every command of this name with these fields and {@code ok: 1}. */
    public Responder autoResponds(String commandName, Bson fields) {
        return autoResponds(Spec.command(commandName), Reply.ok(fields));
    }

    /** Answers every command of this name with this reply. */
    public Responder autoResponds(String commandName, Reply reply) {
        return autoResponds(Spec.command(commandName), reply);
    }

    /** Lets the handler answer every command of this name. */
    public Responder autoResponds(String commandName, RequestHandler handler) {
        return autoResponds(Spec.command(commandName), handler);
    }

    /** Answers every matching request with {@code {ok: 1}}. */
    public Responder autoResponds(Spec spec) {
        return autoResponds(spec, Reply.ok());
    }

    /** Answers every matching request with these fields and {@code ok: 1}. */
    public Responder autoResponds(Spec spec, Bson fields) {
        return autoResponds(spec, Reply.ok(fields));
    }

    /** Answers every matching request with this reply. */
    public Responder autoResponds(Spec spec, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return autoResponds(spec, request -> request.reply(reply));
    }

    /**
     * Lets the handler answer every matching request; it comes before every responder added
     * earlier. A handler that returns false passes the request on. A matching request already
     * waiting at the head of the queue is answered at once.
     */
    public Responder autoResponds(Spec spec, RequestHandler handler) {
        return addResponder(spec, handler, false);
    }

    /** Like {@link #autoResponds(Spec, RequestHandler)}, but consulted after every other responder. */
    public Responder appendResponder(Spec spec, RequestHandler handler) {
        return addResponder(spec, handler, true);
    }

    /** Like {@link #autoResponds(Spec, Reply)}, but consulted after every other responder. */
    public Responder appendResponder(Spec spec, Reply reply) {
        Objects.requireNonNull(reply, "reply");
        return addResponder(spec, request -> request.reply(reply), true);
    }

    /**
     * Serves these documents as a cursor to every command matching {@code spec} (a find, an
     * aggregate): the first batch in its reply, the rest to the getMores that follow, in
     * batches of the client's {@code batchSize}, or of {@code batchSize} when it gives none.
     * killCursors for its cursors is answered too. Cancelling the responder stops all three.
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

    /** Shows the listener every request as it arrives, before any responder; it handles none. */
    public Responder subscribe(Consumer<? super Request> listener) {
        Objects.requireNonNull(listener, "listener");
        Entry entry = new Entry(Spec.any(), request -> {
            listener.accept(request);
            return false;
        });
        subscribers.add(entry);
        return entry;
    }

    private Responder addResponder(Spec spec, RequestHandler handler, boolean lastResort) {
        Entry entry = new Entry(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(handler, "handler"));
        synchronized (lock) {
            if (lastResort) {
                lastResorts.add(entry);
            } else {
                responders.add(0, entry);
            }
            rebuildChain();
        }
        while (true) {
            Request head;
            synchronized (lock) {
                head = queue.peekFirst();
                if (head == null || !spec.matches(head)) {
                    return entry;
                }
                queue.pollFirst();
            }
            if (!entry.tryHandle(head)) {
                synchronized (lock) {
                    queue.addFirst(head);
                }
                return entry;
            }
        }
    }

    private void rebuildChain() {
        List<Entry> all = new ArrayList<>(responders);
        all.addAll(lastResorts);
        chain = all.toArray(new Entry[0]);
        chainVersion++;
    }

    private final class Entry implements Responder {
        private final Spec spec;
        private final RequestHandler handler;
        private volatile boolean active = true;

        Entry(Spec spec, RequestHandler handler) {
            this.spec = spec;
            this.handler = handler;
        }

        boolean tryHandle(Request request) {
            if (!active || !spec.matches(request)) {
                return false;
            }
            try {
                return handler.handle(request);
            } catch (RuntimeException | AssertionError e) {
                Connection c = request.connection();
                record(new ProtocolError(c, "the responder for " + spec.description() + " threw " + e
                        + " while handling " + request, Instant.now(), e));
                return false;
            }
        }

        @Override
        public void cancel() {
            active = false;
            synchronized (lock) {
                if (responders.remove(this) || lastResorts.remove(this)) {
                    rebuildChain();
                }
            }
            subscribers.remove(this);
        }

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public String toString() {
            return "responder for " + spec.description() + (active ? "" : " (cancelled)");
        }
    }

    // ------------------------------------------------------------------ the test's side

    /** The next request, whatever it is, waiting up to the request timeout. */
    public Request receives() {
        return receives(Spec.any(), requestTimeout);
    }

    /** The next request, which must be a command of this name. */
    public Request receives(String commandName) {
        return receives(Spec.command(commandName), requestTimeout);
    }

    /** The next request, which must match the spec, waiting up to the request timeout. */
    public Request receives(Spec spec) {
        return receives(spec, requestTimeout);
    }

    /** The next request, whatever it is, waiting up to {@code timeout}. */
    public Request receives(Duration timeout) {
        return receives(Spec.any(), timeout);
    }

    /**
     * Takes the next request from the queue, waiting up to {@code timeout} for one.
     *
     * @throws AssertionError when nothing came in time ("expected to receive ..., got nothing"),
     *                        when the request does not match ("expected ..., got ..."), or
     *                        when a client broke the protocol since the last call
     */
    public Request receives(Spec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Request request;
        try {
            request = await(spec, timeout, true);
        } catch (NothingReceived e) {
            throw new AssertionError(e.getMessage());
        }
        Optional<String> why = spec.mismatch(request);
        if (why.isPresent()) {
            throw new AssertionError("expected " + spec.description() + ", got " + request + ": " + why.get());
        }
        return request;
    }

    /**
     * Whether the request at the head of the queue matches, waiting up to the request timeout
     * for one to arrive; false when none came. It stays in the queue.
     */
    public boolean got(Spec spec) {
        return got(spec, requestTimeout);
    }

    /** Like {@link #got(Spec)}, waiting up to {@code timeout}. */
    public boolean got(Spec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        try {
            return spec.matches(await(spec, timeout, false));
        } catch (NothingReceived e) {
            return false;
        }
    }

    /**
     * The requests as they come, for a loop that answers them: each step waits up to the
     * request timeout, and the loop ends when none came in that time or the server stopped.
     */
    public Iterable<Request> incoming() {
        return () -> new Iterator<>() {
            private Request next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = await(Spec.any(), requestTimeout, true);
                    } catch (NothingReceived e) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public Request next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no request came within " + requestTimeout);
                }
                Request r = next;
                next = null;
                return r;
            }
        };
    }

    /** Thrown inside when no request came; receives() turns it into its AssertionError. */
    private static final class NothingReceived extends AssertionError {
        private static final long serialVersionUID = 1L;

        NothingReceived(String message) {
            super(message);
        }
    }

    private Request await(Spec spec, Duration timeout, boolean take) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            if (state == State.NEW) {
                throw new IllegalStateException("expected a started server, but start() was not called yet");
            }
            while (true) {
                ProtocolError error = unreportedErrors.poll();
                if (error != null) {
                    throw new AssertionError("expected to receive " + spec.description() + ", but first a "
                            + error, error.cause());
                }
                Request head = take ? queue.pollFirst() : queue.peekFirst();
                if (head != null) {
                    return head;
                }
                if (state == State.STOPPED) {
                    throw new NothingReceived("expected to receive " + spec.description()
                            + ", but the server stopped");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new NothingReceived("expected to receive " + spec.description() + ", got nothing within "
                            + describe(timeout));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting to receive " + spec.description(), e);
                }
            }
        }
    }

    private static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    // ------------------------------------------------------------------ what happened

    /**
     * Every request received, autoresponded or not, in arrival order; only the last ones when
     * the server was built with a {@link Builder#journalLimit(int) journal limit}.
     */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(journal);
        }
    }

    /** How many requests arrived so far, including any the journal no longer keeps. */
    public int requestCount() {
        synchronized (lock) {
            return requestCount;
        }
    }

    /** Requests no responder answered and the test has not received yet, oldest first. */
    public List<Request> pendingRequests() {
        synchronized (lock) {
            return List.copyOf(queue);
        }
    }

    /**
     * Protocol errors and responder failures that no {@link #receives()} has reported yet, oldest
     * first. A test framework checks this after a test, so an error after the test's last
     * {@code receives()} is not lost.
     */
    public List<ProtocolError> unreportedErrors() {
        synchronized (lock) {
            return List.copyOf(unreportedErrors);
        }
    }

    /** Every protocol error and responder failure so far, reported or not. */
    public List<ProtocolError> protocolErrors() {
        synchronized (lock) {
            return List.copyOf(errors);
        }
    }

    /**
     * The conversation so far, readable: every request, reply and event in order, per
     * connection, then the requests still waiting for the test.
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

    // ------------------------------------------------------------------ the connection side

    private void acceptLoop() {
        Listener endpoint = listener;
        while (state == State.RUNNING) {
            Link link;
            try {
                link = endpoint.accept();
            } catch (IOException e) {
                if (state == State.RUNNING) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed on " + address(), e);
                }
                return;
            }
            ServerConnection connection = new ServerConnection(connectionIds.incrementAndGet(), link,
                    requestIds::incrementAndGet, transcript, this::background);
            Thread thread = new Thread(() -> serve(connection),
                    "mockupdb-conn-" + threadLabel(endpoint) + "-" + connection.id());
            thread.setDaemon(true);
            synchronized (lock) {
                if (state != State.RUNNING) {
                    link.close();
                    return;
                }
                connections.add(connection);
                threads.add(thread);
            }
            transcript.connectionOpened(connection.id(), String.valueOf(link.remoteAddress()));
            thread.start();
        }
    }

    private void serve(ServerConnection connection) {
        try {
            connection.open();
            FrameReader reader = new FrameReader(connection.input());
            while (true) {
                byte[] bytes = reader.next();
                if (bytes == null) {
                    break;
                }
                Frame frame;
                try {
                    frame = WireDecoder.decode(bytes);
                } catch (WireProtocolException e) {
                    protocolError(connection, e);
                    if (e.framingIntact() && answerError(connection, e)) {
                        continue;
                    }
                    break;
                }
                dispatch(Request.from(frame, connection));
            }
            if (connection.isOpen()) {
                transcript.note(connection.id(), "client closed the connection");
            }
        } catch (WireProtocolException e) {
            protocolError(connection, e);
        } catch (SSLException e) {
            // A client that does not trust the certificate, or gave up mid-handshake: it reports the
            // failure itself, so the server notes it rather than failing the test's next receives().
            if (connection.isOpen() && state == State.RUNNING) {
                transcript.note(connection.id(), e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "connection " + connection.id() + ": " + e.getMessage());
            }
        } catch (SocketException e) {
            if (connection.isOpen() && state == State.RUNNING) {
                transcript.note(connection.id(), "connection lost: " + e.getMessage());
            }
        } catch (IOException e) {
            if (connection.isOpen() && state == State.RUNNING) {
                transcript.note(connection.id(), "connection lost: " + e);
            }
        } finally {
            connection.close();
            connections.remove(connection);
            threads.remove(Thread.currentThread());
        }
    }

    /** Runs a task on a thread that stop() joins; refused once the server has stopped. */
    private void background(Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, "mockupdb-task-" + threadLabel(started()));
        thread.setDaemon(true);
        synchronized (lock) {
            if (state != State.RUNNING) {
                return;
            }
            threads.add(thread);
        }
        thread.start();
    }

    private void dispatch(Request request) {
        synchronized (lock) {
            journal.addLast(request);
            requestCount++;
            if (journal.size() > journalLimit) {
                journal.pollFirst();
            }
        }
        transcript.request(request.connection().id(), request::toString);
        for (Entry subscriber : subscribers) {
            subscriber.tryHandle(request);
        }
        Set<Entry> tried = null;
        while (true) {
            Entry[] current;
            int version;
            synchronized (lock) {
                current = chain;
                version = chainVersion;
            }
            for (Entry entry : current) {
                if (tried != null && !tried.add(entry)) {
                    continue;
                }
                if (entry.tryHandle(request)) {
                    return;
                }
            }
            synchronized (lock) {
                if (version == chainVersion) {
                    queue.addLast(request);
                    lock.notifyAll();
                    return;
                }
            }
            if (tried == null) {
                tried = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                Collections.addAll(tried, current);
            }
        }
    }

    /** Answers a frame that was read whole but is wrong with an error reply, when its opcode allows one. */
    private boolean answerError(ServerConnection connection, WireProtocolException e) {
        BsonDocument error = new BsonDocument("ok", new BsonInt32(0))
                .append("errmsg", new BsonString(e.getMessage()))
                .append("code", new BsonInt32(e.errorCode()))
                .append("codeName", new BsonString(ErrorCodes.nameOf(e.errorCode())));
        byte[] frame;
        if (e.opCode() == OpCodes.OP_MSG) {
            frame = WireEncoder.msg(connection.nextRequestId(), e.requestId(), 0, error, Map.of());
        } else if (e.opCode() == OpCodes.OP_QUERY) {
            BsonDocument failure = new BsonDocument("$err", new BsonString(e.getMessage()))
                    .append("code", new BsonInt32(e.errorCode()));
            frame = WireEncoder.reply(connection.nextRequestId(), e.requestId(), Reply.QUERY_FAILURE, 0, 0,
                    List.of(failure));
        } else {
            return false;
        }
        transcript.reply(connection.id(), () -> "error reply to request " + e.requestId() + ": "
                + BsonValues.json(error));
        return connection.send(frame);
    }

    private void protocolError(ServerConnection connection, WireProtocolException e) {
        String what = e.getMessage() + (e.framingIntact() ? "" : "; the connection was closed");
        record(new ProtocolError(connection, what, Instant.now(), e));
    }

    private void record(ProtocolError error) {
        synchronized (lock) {
            errors.add(error);
            unreportedErrors.add(error);
            lock.notifyAll();
        }
        transcript.note(error.connection().id(), error.message());
        LOG.log(System.Logger.Level.WARNING, error.toString());
    }

    /** Threads are named by the port, or the socket path: {@code mockupdb-conn-27017-3}. */
    private String threadLabel(Listener endpoint) {
        return unixSocket != null ? unixSocket.toString() : String.valueOf(endpoint.port());
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
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int journalLimit = Integer.MAX_VALUE;
        private Consumer<String> log;
        private boolean autoHello = true;
        private boolean autoEndSessions = true;
        private int minWireVersion;
        private int maxWireVersion = AutoHello.DEFAULT_MAX_WIRE_VERSION;
        private final Map<String, Object> helloFields = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("expected a port from 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to bind; the loopback address by default. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Listens on a Unix domain socket at {@code path} instead of TCP. A stale socket file there
         * (one no server listens on) is removed first; the server removes its own file on stop.
         * Clients connect with {@link MockupServer#uri()}, which percent-encodes the path.
         */
        public Builder unixSocket(Path path) {
            this.unixSocket = Objects.requireNonNull(path, "path").toAbsolutePath();
            return this;
        }

        /**
         * Serves over TLS with the test certificate MockupDB ships, valid for {@code localhost},
         * {@code 127.0.0.1} and {@code ::1}. Java clients trust it through
         * {@link MockupTls#clientContext()}; other clients through the CA file {@link MockupTls#caFile()}.
         */
        public Builder tls() {
            return tls(MockupTls.serverContext());
        }

        /** Serves over TLS with the key and certificate of {@code serverContext}, for example your own key store. */
        public Builder tls(SSLContext serverContext) {
            this.tls = Objects.requireNonNull(serverContext, "serverContext");
            return this;
        }

        /** How long {@code receives()} waits by default; 10 s unless set. */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("expected a request timeout of zero or more, got " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Keeps only the last {@code limit} requests in {@link MockupServer#requests()}, and the
         * transcript's entries of about as many, so that a long-running server (the standalone
         * one, a soak test) holds a bounded amount of memory however many requests it serves.
         * Unlimited by default: a test wants the whole conversation. {@link MockupServer#requestCount()}
         * still counts every request.
         *
         * @throws IllegalArgumentException when {@code limit} is below 1
         */
        public Builder journalLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("expected a journal limit of 1 or more, got " + limit);
            }
            this.journalLimit = limit;
            return this;
        }

        /** Prints the conversation to standard error as it happens. */
        public Builder verbose(boolean verbose) {
            this.log = verbose ? System.err::println : null;
            return this;
        }

        /** Sends each line of the conversation to {@code log} as it happens. */
        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /** Whether the server answers hello and isMaster by itself; true by default. */
        public Builder autoHello(boolean enabled) {
            this.autoHello = enabled;
            return this;
        }

        /**
         * Whether the server answers {@code endSessions} with {@code {ok: 1}} by itself; true by
         * default, so that closing a driver's client, which sends endSessions and waits for the
         * reply, never hangs a test. A test's own responder for endSessions still comes first.
         */
        public Builder autoEndSessions(boolean enabled) {
            this.autoEndSessions = enabled;
            return this;
        }

        /** The hello reply's minWireVersion; 0 by default. */
        public Builder minWireVersion(int version) {
            this.minWireVersion = version;
            return this;
        }

        /** The hello reply's maxWireVersion; {@link MockupServer#DEFAULT_MAX_WIRE_VERSION} (25, MongoDB 8.0) by default. */
        public Builder maxWireVersion(int version) {
            this.maxWireVersion = version;
            return this;
        }

        /** A field of the automatic hello reply; see {@link MockupServer#setHelloField(String, Object)}. */
        public Builder helloField(String name, Object value) {
            helloFields.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** A server with these settings, not started. */
        public MockupServer build() {
            if (minWireVersion > maxWireVersion) {
                throw new IllegalArgumentException("expected minWireVersion <= maxWireVersion, got "
                        + minWireVersion + " > " + maxWireVersion);
            }
            if (unixSocket != null && tls != null) {
                throw new IllegalArgumentException("expected TLS or a Unix socket, got both: MongoDB clients do not "
                        + "use TLS over Unix sockets; listen on TCP for TLS");
            }
            return new MockupServer(this);
        }

        /** A started server with these settings. */
        public MockupServer start() {
            return build().start();
        }
    }
}
