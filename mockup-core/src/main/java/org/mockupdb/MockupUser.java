package org.mockupdb;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mockupdb.internal.auth.AuthUser;
import org.mockupdb.internal.auth.ScramMechanism;

/**
 * A user a {@link MockupServer} knows, for {@link MockupServer.Builder#user(MockupUser)}: a SCRAM
 * user with a password (in {@code "admin"} with SCRAM-SHA-1 and SCRAM-SHA-256 unless told
 * otherwise, as mongod's {@code createUser} makes one), or an X.509 user named by a certificate
 * subject in {@code "$external"}. Immutable: {@link #database} and {@link #mechanisms} return a
 * changed copy.
 *
 * <pre>{@code
 * MockupServer.builder()
 *         .user("alice", "secret")                                    // admin, both mechanisms
 *         .user(MockupUser.scram("bob", "pw").database("app").mechanisms("SCRAM-SHA-256"))
 *         .start();
 * }</pre>
 */
public final class MockupUser {
    /** {@code "SCRAM-SHA-1"}. */
    public static final String SCRAM_SHA_1 = "SCRAM-SHA-1";
    /** {@code "SCRAM-SHA-256"}. */
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    /** {@code "MONGODB-X509"}. */
    public static final String MONGODB_X509 = "MONGODB-X509";

    private final String name;
    private final String password;
    private final String database;
    private final List<String> mechanisms;

    private MockupUser(String name, String password, String database, List<String> mechanisms) {
        this.name = name;
        this.password = password;
        this.database = database;
        this.mechanisms = List.copyOf(mechanisms);
    }

    /**
     * A SCRAM user of {@code "admin"} with SCRAM-SHA-1 and SCRAM-SHA-256.
     *
     * @throws IllegalArgumentException for an empty name
     */
    public static MockupUser scram(String name, String password) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("expected a user name, got an empty one");
        }
        return new MockupUser(name, password, AuthUser.DEFAULT_DATABASE, List.of(SCRAM_SHA_1, SCRAM_SHA_256));
    }

    /**
     * An X.509 user of {@code "$external"}: the RFC 2253 subject of a client certificate, such as
     * {@link MockupTls#clientCertificateSubject()}, which MONGODB-X509 authenticates.
     *
     * @throws IllegalArgumentException for an empty subject
     */
    public static MockupUser x509(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("expected a certificate subject, got an empty one");
        }
        return new MockupUser(subject, null, AuthUser.EXTERNAL_DATABASE, List.of(MONGODB_X509));
    }

    /**
     * The same SCRAM user in another database, its authentication database (the client's
     * {@code authSource}).
     *
     * @throws IllegalArgumentException for an empty database, {@code "$external"}, or an X.509 user
     */
    public MockupUser database(String database) {
        Objects.requireNonNull(database, "database");
        requireScram("database(" + database + ")");
        if (database.isEmpty() || database.equals(AuthUser.EXTERNAL_DATABASE)) {
            throw new IllegalArgumentException("expected a database for the SCRAM user " + name + ", got \""
                    + database + "\"");
        }
        return new MockupUser(name, password, database, mechanisms);
    }

    /**
     * The same SCRAM user with only these mechanisms, {@link #SCRAM_SHA_1} and/or
     * {@link #SCRAM_SHA_256}: a client that asks for another is refused as mongod refuses it.
     *
     * @throws IllegalArgumentException for none, or a name that is not a SCRAM mechanism
     */
    public MockupUser mechanisms(String... mechanisms) {
        requireScram("mechanisms(...)");
        if (mechanisms.length == 0) {
            throw new IllegalArgumentException("expected at least one mechanism for the user " + name + ", got none");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String mechanism : mechanisms) {
            if (ScramMechanism.named(Objects.requireNonNull(mechanism, "mechanism")).isEmpty()) {
                throw new IllegalArgumentException("expected " + SCRAM_SHA_1 + " or " + SCRAM_SHA_256
                        + " for the user " + name + ", got \"" + mechanism + "\"");
            }
            names.add(mechanism);
        }
        return new MockupUser(name, password, database, new ArrayList<>(names));
    }

    private void requireScram(String call) {
        if (isX509()) {
            throw new IllegalArgumentException("expected a SCRAM user for " + call + ", but " + name
                    + " is an X.509 user of $external");
        }
    }

    /** The user name; for an X.509 user, the certificate subject. */
    public String name() {
        return name;
    }

    /** The authentication database: {@code "admin"} unless set, {@code "$external"} for X.509. */
    public String database() {
        return database;
    }

    /** The mechanisms the user may authenticate with. */
    public List<String> mechanisms() {
        return mechanisms;
    }

    /** Whether this is an X.509 user (of {@code "$external"}, with no password). */
    public boolean isX509() {
        return password == null;
    }

    /** The engine's user: SCRAM credentials computed now (salted, iterated) or an X.509 subject. */
    AuthUser toAuthUser() {
        if (isX509()) {
            return AuthUser.x509(name);
        }
        EnumSet<ScramMechanism> scram = EnumSet.noneOf(ScramMechanism.class);
        mechanisms.forEach(m -> scram.add(ScramMechanism.named(m).orElseThrow()));
        return AuthUser.of(name, password, database, scram);
    }

    /** Same name, database and mechanisms (and password, not shown). */
    @Override
    public boolean equals(Object o) {
        return o instanceof MockupUser other && name.equals(other.name) && Objects.equals(password, other.password)
                && database.equals(other.database) && mechanisms.equals(other.mechanisms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, database, mechanisms);
    }

    /** {@code MockupUser(alice@admin [SCRAM-SHA-1, SCRAM-SHA-256])}; never the password. */
    @Override
    public String toString() {
        return "MockupUser(" + name + "@" + database + " " + mechanisms + ")";
    }
}
