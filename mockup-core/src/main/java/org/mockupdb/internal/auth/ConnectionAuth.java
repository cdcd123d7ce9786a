package org.mockupdb.internal.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mockupdb.AuthenticatedUser;

/**
 * One connection's authentication state, which the router keeps beside the connection: the
 * users it has authenticated as, the SASL conversation in progress, and the subject of the
 * client's verified TLS certificate, if any (for MONGODB-X509). Thread-safe: the connection's
 * thread changes it, a test may read it from another.
 */
public final class ConnectionAuth {
    private final List<AuthenticatedUser> users = new ArrayList<>();
    private ScramConversation conversation;
    private volatile String clientCertificateSubject;

    /** A connection with no certificate. */
    public ConnectionAuth() {
    }

    /** A connection whose client presented a verified certificate with this RFC 2253 subject. */
    public ConnectionAuth(String clientCertificateSubject) {
        this.clientCertificateSubject = clientCertificateSubject;
    }

    /** Sets the RFC 2253 subject of the client's verified certificate (from the TLS session), or null for none. */
    public void setClientCertificateSubject(String subject) {
        this.clientCertificateSubject = subject;
    }

    public Optional<String> clientCertificateSubject() {
        return Optional.ofNullable(clientCertificateSubject);
    }

    public synchronized boolean isAuthenticated() {
        return !users.isEmpty();
    }

    /** The users this connection has authenticated as, oldest first. */
    public synchronized List<AuthenticatedUser> users() {
        return List.copyOf(users);
    }

    /** The user this connection authenticated as last, if any. */
    public synchronized Optional<AuthenticatedUser> user() {
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1));
    }

    /** Whether a SASL conversation has started and not yet ended. */
    public synchronized boolean inConversation() {
        return conversation != null;
    }

    synchronized ScramConversation conversation() {
        return conversation;
    }

    synchronized void startConversation(ScramConversation next) {
        conversation = next;
    }

    synchronized void endConversation() {
        conversation = null;
    }

    synchronized void authenticated(AuthenticatedUser user) {
        users.removeIf(u -> u.name().equals(user.name()) && u.database().equals(user.database()));
        users.add(user);
    }

    /** mongod's logout: forgets the users of this database. */
    synchronized void logout(String database) {
        users.removeIf(u -> u.database().equals(database));
    }

    @Override
    public synchronized String toString() {
        return users.isEmpty() ? "unauthenticated" + (conversation != null ? " (conversation in progress)" : "")
                : "authenticated as " + users;
    }
}
