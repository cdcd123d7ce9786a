package org.mockupdb.internal.auth;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user the server knows, as mongod's {@code admin.system.users} holds one: a name, the
 * database it was created in (its authentication database, {@code authSource} on the client;
 * "admin" by default), and a SCRAM credential per mechanism it may use (both by default, as
 * createUser makes). A user of {@code $external} with no credentials is an X.509 user whose name
 * is a certificate subject.
 */
public final class AuthUser {
    public static final String DEFAULT_DATABASE = "admin";
    public static final String EXTERNAL_DATABASE = "$external";

    private final String name;
    private final String database;
    private final Map<ScramMechanism, ScramCredential> credentials;

    private AuthUser(String name, String database, Map<ScramMechanism, ScramCredential> credentials) {
        this.name = Objects.requireNonNull(name, "name");
        this.database = Objects.requireNonNull(database, "database");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a user name cannot be empty");
        }
        if (database.isEmpty()) {
            throw new IllegalArgumentException("user " + name + ": the database cannot be empty");
        }
        Map<ScramMechanism, ScramCredential> copy = new EnumMap<>(ScramMechanism.class);
        copy.putAll(credentials);
        this.credentials = Collections.unmodifiableMap(copy);
    }

    /** A user of "admin" with SCRAM-SHA-1 and SCRAM-SHA-256, random salts, mongod's iteration counts. */
    public static AuthUser of(String name, String password) {
        return of(name, password, DEFAULT_DATABASE, EnumSet.allOf(ScramMechanism.class));
    }

    /**
     * A user of this database with a credential for each of these mechanisms (random salts,
     * mongod's default iteration counts).
     *
     * @throws IllegalArgumentException with no mechanism, or a SCRAM-SHA-256 password SASLprep
     *     prohibits (mongod's createUser refuses it too)
     */
    public static AuthUser of(String name, String password, String database, Collection<ScramMechanism> mechanisms) {
        Objects.requireNonNull(password, "password");
        if (mechanisms.isEmpty()) {
            throw new IllegalArgumentException("user " + name + ": give at least one SCRAM mechanism");
        }
        SecureRandom random = new SecureRandom();
        Map<ScramMechanism, ScramCredential> credentials = new EnumMap<>(ScramMechanism.class);
        for (ScramMechanism mechanism : mechanisms) {
            try {
                credentials.put(mechanism, ScramCredential.create(mechanism, name, password, random));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("user " + name + ": the password cannot be used with "
                        + mechanism + ": " + e.getMessage(), e);
            }
        }
        return new AuthUser(name, database, credentials);
    }

    /** A user with exactly these credentials (fixed salts and iteration counts, as test vectors need). */
    public static AuthUser withCredentials(String name, String database, Collection<ScramCredential> credentials) {
        Map<ScramMechanism, ScramCredential> map = new EnumMap<>(ScramMechanism.class);
        for (ScramCredential credential : credentials) {
            map.put(credential.mechanism(), credential);
        }
        return new AuthUser(name, database, map);
    }

    /** An X.509 user: this certificate subject (RFC 2253) in {@code $external}, no password. */
    public static AuthUser x509(String subject) {
        return new AuthUser(subject, EXTERNAL_DATABASE, Map.of());
    }

    public String name() {
        return name;
    }

    public String database() {
        return database;
    }

    /** {@code name@database}, as mongod names users in its messages. */
    public String fullName() {
        return name + "@" + database;
    }

    /** The SCRAM mechanisms this user has a credential for, SCRAM-SHA-1 first as mongod lists them. */
    public Set<ScramMechanism> mechanisms() {
        return credentials.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(credentials.keySet()));
    }

    ScramCredential credential(ScramMechanism mechanism) {
        return credentials.get(mechanism);
    }

    @Override
    public String toString() {
        return fullName() + " " + mechanisms();
    }
}
