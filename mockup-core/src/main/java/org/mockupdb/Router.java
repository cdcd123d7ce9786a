package org.mockupdb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.wire.ErrorCodes;

/**
 * Where every request goes once decoded: the journal, the subscribers, the responder chain
 * (newest first), and otherwise the test's queue, which
 * {@code receives()} and {@code got()} read. It also keeps the protocol errors, and answers a
 * request that waited in the queue longer than the request timeout with an error naming the
 * nearest responder, so that no client (and no test) waits for ever. It knows no sockets: its
 * unit tests feed it requests built with {@link OpMsg#of}.
 *
 * <h2>Concurrency</h2>
 * One lock ({@code lock}) guards the queue, the journal, the errors and the responder lists.
 * Responders run on the connection's thread <em>outside</em> the lock, so a handler may block or
 * call back into the server. The chain is an array published with a version number under the
 * lock; {@link #dispatch} walks a snapshot, and when no responder took the request it enqueues it
 * only if the version is unchanged: otherwise a responder was added while it walked (and that
 * responder's own drain of the queue may have run before the request got there), so it walks
 * the new chain again, skipping the responders it already asked. {@link #addResponder} publishes
 * the new chain first and then drains the head of the queue while it matches, so a request is
 * answered by a responder added after it arrived, in order, exactly once.
 */
final class Router {
    /** The ways a waiting test can be told nothing came. */
    static final class NothingReceived extends AssertionError {
        private static final long serialVersionUID = 1L;

        NothingReceived(String message) {
            super(message);
        }
    }

    private final Object lock = new Object();
    private final Transcript transcript;
    private final int journalLimit;
    private final int queueLimit;
    private final Duration requestTimeout;
    private String timerLabel = "";

    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final ArrayDeque<Request> journal = new ArrayDeque<>();
    private long requestCount;
    private final ArrayDeque<ProtocolError> unreported = new ArrayDeque<>();
    private final ArrayDeque<ProtocolError> errors = new ArrayDeque<>();
    private final List<Entry> responders = new ArrayList<>();
    private final CopyOnWriteArrayList<Entry> subscribers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Interceptor> interceptors = new CopyOnWriteArrayList<>();
    private volatile Entry[] chain = new Entry[0];
    /** Asked after every responder, before the queue; null to queue what no responder takes. */
    private final Entry fallback;
    private int chainVersion;
    private boolean stopped;
    private boolean started;
    private ScheduledThreadPoolExecutor timer;
    private Thread timerThread;
    private boolean expiryScheduled;
    /** Told, outside the lock, when a request joins the queue, an error is recorded, or the router stops: a topology's shared queue. */
    private volatile Runnable queueListener;

    /**
     * @param journalLimit   how many requests, and how many protocol errors, to keep
     * @param queueLimit     how many requests may wait for the test before the next is refused
     * @param requestTimeout how long a request may wait in the queue before the server answers it
     *                       with an error itself; zero for never
     * @param fallback       asked to handle what no responder took, before the queue; or null
     */
    Router(Transcript transcript, int journalLimit, int queueLimit, Duration requestTimeout, RequestHandler fallback) {
        this.fallback = fallback == null ? null : new Entry(Spec.any(), fallback, true);
        this.transcript = transcript;
        this.journalLimit = journalLimit;
        this.queueLimit = queueLimit;
        this.requestTimeout = requestTimeout;
    }

    /** Lets tests wait for requests; {@code timerLabel} names the timer thread: {@code mockupdb-timer-LABEL}. */
    void start(String timerLabel) {
        synchronized (lock) {
            this.timerLabel = timerLabel;
            started = true;
        }
    }

    /** Wakes every waiting test and stops the timer; requests still queued stay readable. */
    void stop() {
        ScheduledThreadPoolExecutor t;
        Thread thread;
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
            t = timer;
            thread = timerThread;
            timer = null;
        }
        tellQueueListener();
        if (t != null) {
            t.shutdownNow();
            try {
                // The pool's termination is signalled before its worker thread has quite ended: join it.
                if (t.awaitTermination(5, TimeUnit.SECONDS) && thread != null) {
                    thread.join(TimeUnit.SECONDS.toMillis(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ requests in

    /** Journals the request, shows it to the subscribers, and hands it to a responder or the queue. */
    void dispatch(Request request) {
        synchronized (lock) {
            journal.addLast(request);
            requestCount++;
            if (journal.size() > journalLimit) {
                journal.pollFirst();
            }
        }
        transcript.request(request);
        for (Entry subscriber : subscribers) {
            subscriber.tryHandle(request);
        }
        for (Interceptor interceptor : interceptors) {
            if (intercepted(interceptor, request)) {
                return;
            }
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
            if (fallback != null && (tried == null || tried.add(fallback)) && fallback.tryHandle(request)) {
                return;
            }
            boolean overflow;
            boolean queued = false;
            synchronized (lock) {
                if (version != chainVersion) {
                    overflow = false;
                } else {
                    overflow = queue.size() >= queueLimit;
                    if (!overflow) {
                        queue.addLast(request);
                        scheduleExpiry();
                        lock.notifyAll();
                        queued = true;
                    }
                }
            }
            if (queued) {
                tellQueueListener();
                return;
            }
            if (overflow) {
                refuseOverflow(request);
                return;
            }
            if (tried == null) {
                tried = Collections.newSetFromMap(new IdentityHashMap<>());
                Collections.addAll(tried, current);
            }
        }
    }

    private void refuseOverflow(Request request) {
        String message = "the request queue is full: " + queueLimit + " requests are waiting that the test has not "
                + "received (raise it with MockupServer.Builder.queueLimit), so the server refused " + request;
        record(new ProtocolError(request.connection(), message, Instant.now(), null));
        answerWithError(request, message);
    }

    private static void answerWithError(Request request, String message) {
        if (request.expectsReply() && !request.isAnswered()) {
            try {
                request.reply(Reply.commandError(ErrorCodes.INTERNAL_ERROR, message).withErrorLabels());
            } catch (IllegalStateException raced) {
                // answered meanwhile by the test: its reply stands
            }
        }
    }

    // ------------------------------------------------------------------ the request timeout

    /** Under the lock: makes sure the timer will look at the queue's head when it expires. */
    private void scheduleExpiry() {
        if (expiryScheduled || requestTimeout.isZero() || stopped || queue.isEmpty()) {
            return;
        }
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "mockupdb-timer-" + timerLabel);
                t.setDaemon(true);
                timerThread = t;
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        Instant due = queue.peekFirst().receivedAt().plus(requestTimeout);
        long delayNanos = Math.max(0, Duration.between(Instant.now(), due).toNanos());
        expiryScheduled = true;
        timer.schedule(this::expire, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Answers every queued request older than the request timeout with an error that says why,
     * so the client unblocks; the error is recorded, so the test fails with it too.
     */
    private void expire() {
        List<Request> expired = new ArrayList<>();
        synchronized (lock) {
            expiryScheduled = false;
            Instant limit = Instant.now().minus(requestTimeout);
            while (!queue.isEmpty() && !queue.peekFirst().receivedAt().isAfter(limit)) {
                expired.add(queue.pollFirst());
            }
            scheduleExpiry();
        }
        for (Request request : expired) {
            if (!request.expectsReply()) {
                continue;
            }
            String message = "MockupDB answered this request itself after it waited "
                    + Replies.describe(requestTimeout) + " (the request timeout): no responder matched it and the "
                    + "test did not receive it. " + nearMiss(request) + " The request: " + request;
            record(new ProtocolError(request.connection(), message, Instant.now(), null));
            answerWithError(request, message);
        }
    }

    /** The responders nearest to matching, and why each missed: a request of the same command first. */
    String nearMiss(Request request) {
        Entry[] current = chain;
        List<String> near = new ArrayList<>();
        List<String> far = new ArrayList<>();
        for (Entry entry : current) {
            if (!entry.active || entry.builtIn) {
                continue;
            }
            Optional<String> why = entry.spec.mismatch(request);
            if (why.isEmpty()) {
                continue;
            }
            String line = entry.spec.description() + ": " + why.get();
            String reason = why.get();
            boolean otherCommand = reason.startsWith("its command is") || reason.startsWith("it is not a command")
                    || reason.startsWith("its opcode is");
            (otherCommand ? far : near).add(line);
        }
        if (near.isEmpty() && far.isEmpty()) {
            return "The server has no responders of the test's own.";
        }
        List<String> shown = near.isEmpty() ? far : near;
        return "Nearest responder" + (shown.size() > 1 ? "s" : "") + ": "
                + String.join("; ", shown.subList(0, Math.min(3, shown.size()))) + ".";
    }

    // ------------------------------------------------------------------ interceptors

    /** Adds an interceptor, asked after the interceptors added before it. */
    void addInterceptor(Interceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    }

    /** Adds an interceptor asked before every other. */
    void addFirstInterceptor(Interceptor interceptor) {
        interceptors.add(0, Objects.requireNonNull(interceptor, "interceptor"));
    }

    void removeInterceptor(Interceptor interceptor) {
        interceptors.remove(interceptor);
    }

    private boolean intercepted(Interceptor interceptor, Request request) {
        try {
            return interceptor.intercept(request);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            record(new ProtocolError(request.connection(), "the server's " + interceptor + " threw " + e
                    + " while handling " + request, Instant.now(), e));
            return request.isAnswered();
        }
    }

    // ------------------------------------------------------------------ responders

    Responder addResponder(Spec spec, RequestHandler handler, boolean builtIn) {
        Entry entry = new Entry(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(handler, "handler"),
                builtIn);
        synchronized (lock) {
            responders.add(0, entry);
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
                    scheduleExpiry();
                }
                return entry;
            }
        }
    }

    Subscription subscribe(Consumer<? super Request> listener) {
        Objects.requireNonNull(listener, "listener");
        Entry entry = new Entry(Spec.any(), request -> {
            listener.accept(request);
            return false;
        }, false);
        subscribers.add(entry);
        return entry;
    }

    private void rebuildChain() {
        chain = responders.toArray(new Entry[0]);
        chainVersion++;
    }

    private final class Entry implements Responder, Subscription {
        private final Spec spec;
        private final RequestHandler handler;
        private final boolean builtIn;
        private volatile boolean active = true;

        Entry(Spec spec, RequestHandler handler, boolean builtIn) {
            this.spec = spec;
            this.handler = handler;
            this.builtIn = builtIn;
        }

        boolean tryHandle(Request request) {
            if (!active || !spec.matches(request)) {
                return false;
            }
            try {
                return handler.handle(request);
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                record(new ProtocolError(request.connection(), "the responder for " + spec.description() + " threw "
                        + e + " while handling " + request, Instant.now(), e));
                return request.isAnswered();
            }
        }

        @Override
        public void cancel() {
            active = false;
            synchronized (lock) {
                if (responders.remove(this)) {
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

    /**
     * The head of the queue, taken or peeked, waiting up to {@code timeout}.
     *
     * @throws NothingReceived when none came in time or the server stopped
     * @throws AssertionError  when a protocol error is waiting to be reported
     */
    Request await(Spec spec, Duration timeout, boolean take) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            if (!started) {
                throw new IllegalStateException("expected a started server, but start() was not called yet");
            }
            while (true) {
                ProtocolError error = unreported.poll();
                if (error != null) {
                    throw new AssertionError("expected to receive " + spec.description() + ", but first a "
                            + error, error.cause());
                }
                Request head = take ? queue.pollFirst() : queue.peekFirst();
                if (head != null) {
                    return head;
                }
                if (stopped) {
                    throw new NothingReceived("expected to receive " + spec.description()
                            + ", but the server stopped");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new NothingReceived("expected to receive " + spec.description() + ", got nothing within "
                            + Replies.describe(timeout));
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

    // ------------------------------------------------------------------ errors

    /** Keeps the error (the last {@code journalLimit} of them) for the next {@code receives()}. */
    void record(ProtocolError error) {
        synchronized (lock) {
            errors.addLast(error);
            if (errors.size() > journalLimit) {
                errors.pollFirst();
            }
            unreported.addLast(error);
            if (unreported.size() > journalLimit) {
                unreported.pollFirst();
            }
            lock.notifyAll();
        }
        transcript.note(error.connection().id(), error.message());
        tellQueueListener();
    }

    // ------------------------------------------------------------------ a topology's shared queue

    /** Sets the one listener told when the queue or the errors grow, or the router stops. */
    void queueListener(Runnable listener) {
        this.queueListener = listener;
    }

    private void tellQueueListener() {
        Runnable listener = queueListener;
        if (listener != null) {
            listener.run();
        }
    }

    /** The head of the queue now, or null; it stays there. */
    Request head() {
        synchronized (lock) {
            return queue.peekFirst();
        }
    }

    /** Takes {@code request} off the queue if it is still at the head. */
    boolean takeIfHead(Request request) {
        synchronized (lock) {
            if (queue.peekFirst() != request) {
                return false;
            }
            queue.pollFirst();
            return true;
        }
    }

    /** The oldest protocol error no receives() has reported yet, taken; or null. */
    ProtocolError pollUnreported() {
        synchronized (lock) {
            return unreported.poll();
        }
    }

    boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    // ------------------------------------------------------------------ what happened


    List<Request> journal() {
        synchronized (lock) {
            return List.copyOf(journal);
        }
    }

    long requestCount() {
        synchronized (lock) {
            return requestCount;
        }
    }

    List<Request> pending() {
        synchronized (lock) {
            return List.copyOf(queue);
        }
    }

    List<ProtocolError> errors() {
        synchronized (lock) {
            return List.copyOf(errors);
        }
    }

    List<ProtocolError> unreported() {
        synchronized (lock) {
            return List.copyOf(unreported);
        }
    }
}
