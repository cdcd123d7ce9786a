package org.mockupdb;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Which requests, or which new connections, a server faults, and how: an immutable value that
 * {@link MockupServer#injectFault(FaultRule)} puts to work. Each {@code with...}-style method
 * returns a changed copy.
 *
 * <pre>{@code
 * server.injectFault(FaultRule.of(Fault.hangUp()).matching(Spec.command("find")).nth(3)
 *         .named("the third find hangs up"));
 * server.injectFault(FaultRule.of(Fault.stall()).onRole(ConnectionRole.MONITORING).times(1));
 * server.injectFault(FaultRule.of(Fault.reset()).matching(Spec.command("insert")).withProbability(0.2));
 * server.injectFault(FaultRule.of(Fault.hangUp()).onConnection(request.connection()).times(1)); // its next request
 * server.injectFault(FaultRule.refuseConnections());
 * }</pre>
 *
 * <p>A request rule is asked about every request before the fail points and the responders, so
 * it faults autoresponded and scripted requests alike; rules are asked in the order they were
 * injected and the first that fires answers (the rules after it do not see, or count, that
 * request). Connection rules act on connections accepted from
 * then on. Every fault a rule causes is in the transcript under the rule's name.
 */
public final class FaultRule {
    /** What a connection rule does to each new connection. */
    public enum ConnectionFault {
        /** Resets the connection at once (the port stays bound). */
        REFUSE,
        /** Accepts the connection and closes it at once. */
        CLOSE,
        /** Accepts the connection and never replies on it. */
        STALL
    }

    private final Response response;
    private final ConnectionFault connectionFault;
    private final Spec spec;
    private final int nth;
    private final int times;
    private final double probability;
    private final Integer connectionId;
    private final ConnectionRole role;
    private final String appName;
    private final String name;

    private FaultRule(Response response, ConnectionFault connectionFault, Spec spec, int nth, int times,
                      double probability, Integer connectionId, ConnectionRole role, String appName, String name) {
        this.response = response;
        this.connectionFault = connectionFault;
        this.spec = spec;
        this.nth = nth;
        this.times = times;
        this.probability = probability;
        this.connectionId = connectionId;
        this.role = role;
        this.appName = appName;
        this.name = name;
    }

    /**
     * Answers every request with {@code response} (usually a {@link Fault}, but any reply goes)
     * until narrowed by the other methods.
     */
    public static FaultRule of(Response response) {
        return new FaultRule(Objects.requireNonNull(response, "response"), null, Spec.any(), 0, 0, -1, null,
                null, null, null);
    }

    /** Resets every connection accepted from now on, at once; the port stays bound. */
    public static FaultRule refuseConnections() {
        return connections(ConnectionFault.REFUSE);
    }

    /** Accepts every connection from now on and closes it at once. */
    public static FaultRule closeConnections() {
        return connections(ConnectionFault.CLOSE);
    }

    /** Accepts every connection from now on and never replies on it; stop or releaseStalls() ends them. */
    public static FaultRule stallConnections() {
        return connections(ConnectionFault.STALL);
    }

    private static FaultRule connections(ConnectionFault fault) {
        return new FaultRule(null, fault, Spec.any(), 0, 0, -1, null, null, null, null);
    }

    /** Only requests that match {@code spec}. */
    public FaultRule matching(Spec spec) {
        requestRule("matching");
        return new FaultRule(response, connectionFault, Objects.requireNonNull(spec, "spec"), nth, times, probability,
                connectionId, role, appName, name);
    }

    /** Only the {@code n}th request (from 1) the rule selects after it is injected; then it is done. */
    public FaultRule nth(int n) {
        requestRule("nth");
        if (n < 1) {
            throw new IllegalArgumentException("expected n of 1 or more (the first request is 1), got " + n);
        }
        return new FaultRule(response, connectionFault, spec, n, times, probability, connectionId, role, appName,
                name);
    }

    /** At most {@code n} times; then it is done. */
    public FaultRule times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("expected times of 1 or more, got " + n);
        }
        return new FaultRule(response, connectionFault, spec, nth, n, probability, connectionId, role, appName, name);
    }

    /**
     * Each selected request is faulted with probability {@code p}, drawn from the server's seeded
     * random source ({@link MockupServer#setRandomSeed(long)}), so a run repeats exactly.
     */
    public FaultRule withProbability(double p) {
        requestRule("withProbability");
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("expected a probability from 0 to 1, got " + p);
        }
        return new FaultRule(response, connectionFault, spec, nth, times, p, connectionId, role, appName, name);
    }

    /** Only requests on this connection ({@link Request#connection()}). */
    public FaultRule onConnection(Connection connection) {
        return onConnection(Objects.requireNonNull(connection, "connection").id());
    }

    /** Only requests on the connection with this id. */
    public FaultRule onConnection(int id) {
        requestRule("onConnection");
        return new FaultRule(response, connectionFault, spec, nth, times, probability, id, role, appName, name);
    }

    /**
     * Only requests on connections of this role, as the client revealed it ({@link
     * Connection#role()}): a monitor's hellos after its handshake, a pool's commands.
     */
    public FaultRule onRole(ConnectionRole role) {
        requestRule("onRole");
        return new FaultRule(response, connectionFault, spec, nth, times, probability, connectionId,
                Objects.requireNonNull(role, "role"), appName, name);
    }

    /** Only requests on connections whose handshake gave this application name. */
    public FaultRule onAppName(String appName) {
        requestRule("onAppName");
        return new FaultRule(response, connectionFault, spec, nth, times, probability, connectionId, role,
                Objects.requireNonNull(appName, "appName"), name);
    }

    /** What the transcript calls the rule; its {@link #description()} unless named. */
    public FaultRule named(String name) {
        return new FaultRule(response, connectionFault, spec, nth, times, probability, connectionId, role, appName,
                Objects.requireNonNull(name, "name"));
    }

    private void requestRule(String method) {
        if (connectionFault != null) {
            throw new IllegalStateException("expected a request rule for " + method + "(), got a rule for new "
                    + "connections (" + description() + "), which acts before any request");
        }
    }

    /** The name given with {@link #named(String)}, else the description. */
    public String name() {
        return name != null ? name : description();
    }

    /** The response a request rule answers with; null for a connection rule. */
    public Response response() {
        return response;
    }

    /** What a connection rule does; null for a request rule. */
    public ConnectionFault connectionFault() {
        return connectionFault;
    }

    /** The spec requests must match. */
    public Spec spec() {
        return spec;
    }

    /** The n of {@link #nth(int)}, if set. */
    public OptionalInt nth() {
        return nth == 0 ? OptionalInt.empty() : OptionalInt.of(nth);
    }

    /** The limit of {@link #times(int)}, if set. */
    public OptionalInt times() {
        return times == 0 ? OptionalInt.empty() : OptionalInt.of(times);
    }

    /** The probability of {@link #withProbability(double)}, if set. */
    public OptionalDouble probability() {
        return probability < 0 ? OptionalDouble.empty() : OptionalDouble.of(probability);
    }

    /** Whether a request is selected by this rule's spec, connection, role and application name. */
    boolean selects(Request request) {
        Connection c = request.connection();
        return (connectionId == null || c.id() == connectionId)
                && (role == null || c.role() == role)
                && (appName == null || c.appName().filter(appName::equals).isPresent())
                && spec.matches(request);
    }

    /** The rule in words: what it does and to what. */
    public String description() {
        if (connectionFault != null) {
            return switch (connectionFault) {
                case REFUSE -> "refuse new connections";
                case CLOSE -> "close new connections at once";
                case STALL -> "stall new connections";
            } + (times == 0 ? "" : ", " + times + " time" + (times == 1 ? "" : "s"));
        }
        StringBuilder sb = new StringBuilder(Request.describe(response)).append(" to ");
        sb.append(nth == 0 ? "every request" : "request #" + nth);
        if (spec != Spec.any()) {
            sb.append(" matching ").append(spec.description());
        }
        if (connectionId != null) {
            sb.append(" on connection ").append(connectionId);
        }
        if (role != null) {
            sb.append(" on ").append(role).append(" connections");
        }
        if (appName != null) {
            sb.append(" from app \"").append(appName).append('"');
        }
        if (probability >= 0) {
            sb.append(" with probability ").append(probability);
        }
        if (times != 0) {
            sb.append(", ").append(times).append(" time").append(times == 1 ? "" : "s");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "FaultRule(" + name() + ")";
    }
}
