package org.mockupdb.internal.auth;

/** A user a connection has authenticated as: name, authentication database, mechanism. */
public record AuthenticatedUser(String name, String database, String mechanism) {

    /** {@code name@database}. */
    public String fullName() {
        return name + "@" + database;
    }

    @Override
    public String toString() {
        return fullName() + " (" + mechanism + ")";
    }
}
