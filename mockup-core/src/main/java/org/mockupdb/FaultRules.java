package org.mockupdb;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;

/**
 * The server's injected {@link FaultRule}s: an {@link Interceptor} that asks each request rule,
 * in order, about every request, and the connection rules the reader asks as it accepts a
 * connection. Also keeps the stalled connections, for {@link MockupServer#releaseStalls()}.
 */
final class FaultRules implements Interceptor {
    private final Transcript transcript;
    private final Random random;
    private final CopyOnWriteArrayList<Injected> rules = new CopyOnWriteArrayList<>();
    private final Set<ServerConnection> stalled = ConcurrentHashMap.newKeySet();
    /** Connections a STALL connection rule took: every request on them stalls. */
    private final Set<Integer> stalledConnections = ConcurrentHashMap.newKeySet();

    FaultRules(Transcript transcript, Random random) {
        this.transcript = transcript;
        this.random = random;
    }

    InjectedFault add(FaultRule rule) {
        Injected injected = new Injected(rule);
        rules.add(injected);
        transcript.note(0, "fault injected: \"" + rule.name() + "\"" + (rule.name().equals(rule.description())
                ? "" : " (" + rule.description() + ")"));
        return injected;
    }

    List<InjectedFault> active() {
        return rules.stream().filter(Injected::isActive).map(i -> (InjectedFault) i).toList();
    }

    @Override
    public boolean intercept(Request request) {
        if (stalledConnections.contains(request.connection().id())) {
            transcript.note(request.connection().id(), "request " + request.requestId()
                    + " on a stalled connection: no reply");
            return request.reply(Fault.stall());
        }
        for (Injected rule : rules) {
            if (rule.rule.connectionFault() == null && rule.fires(request)) {
                transcript.note(request.connection().id(), "fault \"" + rule.rule.name() + "\" on request "
                        + request.requestId() + ": " + Request.describe(rule.rule.response()));
                return request.reply(rule.rule.response());
            }
        }
        return false;
    }

    /**
     * What the connection rules do to a connection just accepted: null to serve it as usual.
     */
    FaultRule.ConnectionFault onAccept(ServerConnection connection) {
        for (Injected rule : rules) {
            FaultRule.ConnectionFault fault = rule.rule.connectionFault();
            if (fault != null && rule.firesOnConnection()) {
                transcript.note(connection.id(), "fault \"" + rule.rule.name() + "\": " + switch (fault) {
                    case REFUSE -> "connection reset at once";
                    case CLOSE -> "connection closed at once";
                    case STALL -> "connection accepted, and stalled: no reply on it";
                });
                if (fault == FaultRule.ConnectionFault.STALL) {
                    stalledConnections.add(connection.id());
                    stalled.add(connection);
                }
                return fault;
            }
        }
        return null;
    }

    void stalled(ServerConnection connection) {
        stalled.add(connection);
    }

    /** Closes every stalled connection; returns how many. */
    int releaseStalls() {
        int n = 0;
        for (ServerConnection connection : List.copyOf(stalled)) {
            stalled.remove(connection);
            if (connection.isOpen()) {
                transcript.note(connection.id(), "stall released: the server closes the connection");
                connection.close();
                n++;
            }
        }
        return n;
    }

    private final class Injected implements InjectedFault {
        private final FaultRule rule;
        private int selected;
        private int count;
        private boolean active = true;

        Injected(FaultRule rule) {
            this.rule = rule;
        }

        boolean fires(Request request) {
            synchronized (this) {
                if (!active) {
                    return false;
                }
            }
            if (!rule.selects(request)) {
                return false;
            }
            synchronized (this) {
                if (!active) {
                    return false;
                }
                selected++;
                boolean fires;
                if (rule.nth().isPresent()) {
                    fires = selected == rule.nth().getAsInt();
                } else if (rule.probability().isPresent()) {
                    fires = random.nextDouble() < rule.probability().getAsDouble();
                } else {
                    fires = true;
                }
                if (fires) {
                    count++;
                    if (rule.nth().isPresent() || (rule.times().isPresent() && count >= rule.times().getAsInt())) {
                        active = false;
                    }
                }
                return fires;
            }
        }

        synchronized boolean firesOnConnection() {
            if (!active) {
                return false;
            }
            count++;
            if (rule.times().isPresent() && count >= rule.times().getAsInt()) {
                active = false;
            }
            return true;
        }

        @Override
        public FaultRule rule() {
            return rule;
        }

        @Override
        public synchronized int count() {
            return count;
        }

        @Override
        public synchronized void cancel() {
            active = false;
            rules.remove(this);
        }

        @Override
        public synchronized boolean isActive() {
            return active;
        }

        @Override
        public String toString() {
            return "injected fault \"" + rule.name() + "\"" + (isActive() ? "" : " (done)");
        }
    }
}
