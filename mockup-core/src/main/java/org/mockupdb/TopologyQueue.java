package org.mockupdb;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The test's view of a topology's requests: the members' own queues seen as one. A member's
 * router keeps what no responder took, as a single server does ({@code member.receives()} takes
 * only that member's); this takes the oldest head among all members. Each member's router tells
 * it when its queue grows, so waiting costs nothing while nothing comes, and a single server's
 * path is unchanged.
 */
final class TopologyQueue {
    private final Object signal = new Object();
    private final String name;
    private final Supplier<List<MockupServer>> members;

    /**
     * @param name    names the topology in messages, such as {@code replica set "rs"}
     * @param members the members now (they may change)
     */
    TopologyQueue(String name, Supplier<List<MockupServer>> members) {
        this.name = name;
        this.members = members;
    }

    /** Makes the member's router wake this queue's waiters. */
    void watch(MockupServer member) {
        member.router().queueListener(this::wake);
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * The oldest request waiting at any member, taken or peeked, within {@code timeout}.
     *
     * @throws Router.NothingReceived when none came in time or every member stopped
     * @throws AssertionError         when a member recorded a protocol error not reported yet
     */
    Request await(Spec spec, Duration timeout, boolean take) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            while (true) {
                List<MockupServer> current = members.get();
                boolean anyRunning = false;
                Request oldest = null;
                MockupServer holder = null;
                for (MockupServer member : current) {
                    Router router = member.router();
                    ProtocolError error = router.pollUnreported();
                    if (error != null) {
                        throw new AssertionError("expected to receive " + spec.description() + " from the " + name
                                + ", but first " + member.address() + " had a " + error, error.cause());
                    }
                    anyRunning |= !router.isStopped();
                    Request head = router.head();
                    if (head != null && (oldest == null || head.receivedAt().isBefore(oldest.receivedAt()))) {
                        oldest = head;
                        holder = member;
                    }
                }
                if (oldest != null && (!take || holder.router().takeIfHead(oldest))) {
                    return oldest;
                }
                if (oldest != null) {
                    continue;
                }
                if (!anyRunning) {
                    throw new Router.NothingReceived("expected to receive " + spec.description() + " from the " + name
                            + ", but it is not running");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Router.NothingReceived("expected to receive " + spec.description() + " from any member of the "
                            + name + ", got nothing within " + Replies.describe(timeout));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting to receive " + spec.description(), e);
                }
            }
        }
    }

    /** {@code receives}: the next request from any member, which must match. */
    Request receives(Spec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Request request;
        try {
            request = await(spec, timeout, true);
        } catch (Router.NothingReceived e) {
            throw new AssertionError(e.getMessage());
        }
        Optional<String> why = spec.mismatch(request);
        if (why.isPresent()) {
            throw new AssertionError("expected " + spec.description() + ", got " + request + " at "
                    + request.server().map(MockupServer::address).orElse("?") + ": " + why.get());
        }
        return request;
    }

    /** {@code got}: whether the oldest waiting request matches; it stays. */
    boolean got(Spec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        try {
            return spec.matches(await(spec, timeout, false));
        } catch (Router.NothingReceived e) {
            return false;
        }
    }
}
