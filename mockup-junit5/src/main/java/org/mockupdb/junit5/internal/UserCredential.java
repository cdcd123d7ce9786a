package org.mockupdb.junit5.internal;

import java.util.List;
import org.mockupdb.MockupUser;

/**
 * The credentials an injected client presents, from the nearest {@code @User}: equal when all
 * four are (the password included), shown without the password.
 */
record UserCredential(String name, String database, String password, List<String> mechanisms) {
    UserCredential {
        mechanisms = List.copyOf(mechanisms);
    }

    /** The credentials of a SCRAM {@code user} whose password is {@code password}. */
    static UserCredential of(MockupUser user, String password) {
        return new UserCredential(user.name(), user.database(), password, user.mechanisms());
    }

    /** {@code alice@admin [SCRAM-SHA-1, SCRAM-SHA-256]}: never the password. */
    @Override
    public String toString() {
        return name + "@" + database + " " + mechanisms;
    }
}
