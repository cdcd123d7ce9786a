package org.mockupdb.junit5.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.mockupdb.MockupServer;
import org.mockupdb.ProtocolError;
import org.mockupdb.Request;

/**
 * What a server holds that no test took: requests left in its queue and errors no
 * {@code receives()} reported. Remembers what it has already reported, so that a server shared by a
 * class blames each leftover on one test only.
 */
public final class Leftovers {
    private final Set<Request> reportedRequests = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<ProtocolError> reportedErrors = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Creates an empty record of what was reported. */
    public Leftovers() {
    }

    /** The leftovers of one server not reported before. */
    public record Found(List<Request> requests, List<ProtocolError> errors) {
        /** Whether there are none. */
        public boolean isEmpty() {
            return requests.isEmpty() && errors.isEmpty();
        }
    }

    /** The leftovers not reported before, which count as reported from now on. */
    public synchronized Found take(MockupServer server) {
        List<Request> requests = new ArrayList<>();
        for (Request r : server.pendingRequests()) {
            if (reportedRequests.add(r)) {
                requests.add(r);
            }
        }
        List<ProtocolError> errors = new ArrayList<>();
        for (ProtocolError e : server.unreportedErrors()) {
            if (reportedErrors.add(e)) {
                errors.add(e);
            }
        }
        return new Found(List.copyOf(requests), List.copyOf(errors));
    }

    /**
     * One failure for the leftovers of several servers: each server's title, what it holds, and its
     * conversation. The responders' exceptions are suppressed under it, so their stack traces print.
     *
     * @param sections each server's title ("MockupServer at localhost:PORT (made for ...)"), leftovers
     *                 and transcript; only those with leftovers
     * @param switchOff how to switch the check off, for the message
     */
    public static AssertionError failure(List<Section> sections, String switchOff) {
        StringBuilder sb = new StringBuilder();
        for (Section s : sections) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            Found f = s.found();
            sb.append("expected the test to take every request and see every error of ").append(s.title())
                    .append(", but it left ").append(count(f.requests().size(), "request"))
                    .append(" it never received and ").append(count(f.errors().size(), "error"))
                    .append(" no receives() reported:\n");
            for (Request r : f.requests()) {
                sb.append("  never received: [conn ").append(r.connection().id()).append("] ").append(r).append('\n');
            }
            for (ProtocolError e : f.errors()) {
                sb.append("  never reported: ").append(e).append('\n');
            }
        }
        sb.append("(receive them with server.receives(), or switch this check off with ").append(switchOff)
                .append(")\n");
        for (Section s : sections) {
            sb.append("conversation of ").append(s.title()).append(":\n");
            s.transcript().stripTrailing().lines().forEach(line -> sb.append('\t').append(line).append('\n'));
        }
        AssertionError failure = new AssertionError(sb.toString().stripTrailing());
        for (Section s : sections) {
            for (ProtocolError e : s.found().errors()) {
                if (e.cause() != null) {
                    failure.addSuppressed(e.cause());
                }
            }
        }
        return failure;
    }

    /** One server's part of {@link #failure}. */
    public record Section(String title, Found found, String transcript) {
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** How to switch the check off, for messages. */
    public static final String SWITCH_OFF = "@MockupDB(failOnUnhandled = false) or the configuration parameter "
            + "mockupdb.failOnUnhandled=false";
}
