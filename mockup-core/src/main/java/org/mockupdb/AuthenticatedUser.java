package org.mockupdb;

import java.util.Objects;

/**
 * A user a connection authenticated as, as {@link Request#authenticatedUser()} reports it.
 *
 * @param name      the user name; for MONGODB-X509, the RFC 2253 subject of the client's certificate
 * @param database  the authentication database ({@code authSource}): {@code "admin"} by default,
 *                  {@code "$external"} for X.509
 * @param mechanism {@code "SCRAM-SHA-256"}, {@code "SCRAM-SHA-1"} or {@code "MONGODB-X509"}
 */
public record AuthenticatedUser(String name, String database, String mechanism) {

    /** @throws NullPointerException when a component is null */
    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    /** {@code name@database}, as mongod names users. */
    public String fullName() {
        return name + "@" + database;
    }

    @Override
    public String toString() {
        return fullName() + " (" + mechanism + ")";
    }
}
