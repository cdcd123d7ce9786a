package org.mockupdb.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The two SCRAM mechanisms mongod offers, with what differs between them: the hash, the
 * password the client and server feed to PBKDF2 (MongoDB's auth spec, "SCRAM-SHA-1" and
 * "SCRAM-SHA-256"), mongod's default iteration counts ({@code scramIterationCount} 10000 and
 * {@code scramSHA256IterationCount} 15000) and the salt length mongod stores (the hash's size
 * minus 4 bytes, as {@code scram::Presecrets} does: 16 for SHA-1, 28 for SHA-256).
 */
public enum ScramMechanism {
    SCRAM_SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 10_000, 16),
    SCRAM_SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 15_000, 28);

    private final String mechanismName;
    final String digestAlgorithm;
    final String hmacAlgorithm;
    final String pbkdf2Algorithm;
    private final int defaultIterations;
    private final int saltLength;

    ScramMechanism(String mechanismName, String digestAlgorithm, String hmacAlgorithm, String pbkdf2Algorithm,
                   int defaultIterations, int saltLength) {
        this.mechanismName = mechanismName;
        this.digestAlgorithm = digestAlgorithm;
        this.hmacAlgorithm = hmacAlgorithm;
        this.pbkdf2Algorithm = pbkdf2Algorithm;
        this.defaultIterations = defaultIterations;
        this.saltLength = saltLength;
    }

    /** The name on the wire: {@code SCRAM-SHA-1} or {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** mongod's default iteration count for new users. */
    public int defaultIterations() {
        return defaultIterations;
    }

    /** The length of the random salt mongod makes for a new user, in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** The mechanism of this wire name (exact, as mongod compares it), if it is a SCRAM one. */
    public static Optional<ScramMechanism> named(String name) {
        for (ScramMechanism mechanism : values()) {
            if (mechanism.mechanismName.equals(name)) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }

    /**
     * The password as this mechanism feeds it to PBKDF2. SCRAM-SHA-1: the hex MD5 digest of
     * {@code user:mongo:password} (MongoDB's legacy credential, which the client computes too).
     * SCRAM-SHA-256: the SASLprep of the password (RFC 7677; MongoDB's auth spec).
     *
     * @throws IllegalArgumentException for a SCRAM-SHA-256 password SASLprep prohibits, as
     *     mongod's createUser refuses it
     */
    public String digestPassword(String user, String password) {
        if (this == SCRAM_SHA_1) {
            try {
                byte[] md5 = MessageDigest.getInstance("MD5")
                        .digest((user + ":mongo:" + password).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(md5);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no MD5, which SCRAM-SHA-1 needs", e);
            }
        }
        return SaslPrep.prepare(password);
    }

    @Override
    public String toString() {
        return mechanismName;
    }
}
