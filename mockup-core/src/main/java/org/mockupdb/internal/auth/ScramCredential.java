package org.mockupdb.internal.auth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * What mongod stores for a user and one SCRAM mechanism (its {@code credentials.SCRAM-SHA-256}
 * sub-document): salt, iteration count, StoredKey and ServerKey. The password itself is not kept.
 */
public record ScramCredential(ScramMechanism mechanism, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    public ScramCredential {
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /** The credential for this password with a fresh random salt and mongod's default iteration count. */
    public static ScramCredential create(ScramMechanism mechanism, String user, String password, SecureRandom random) {
        byte[] salt = new byte[mechanism.saltLength()];
        random.nextBytes(salt);
        return create(mechanism, user, password, salt, mechanism.defaultIterations());
    }

    /** The credential for this password, salt and iteration count. */
    public static ScramCredential create(ScramMechanism mechanism, String user, String password, byte[] salt,
                                         int iterations) {
        byte[] salted = Scram.saltedPassword(mechanism, mechanism.digestPassword(user, password), salt, iterations);
        byte[] clientKey = Scram.clientKey(mechanism, salted);
        return new ScramCredential(mechanism, salt, iterations, Scram.storedKey(mechanism, clientKey),
                Scram.serverKey(mechanism, salted));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    String saltBase64() {
        return Base64.getEncoder().encodeToString(salt);
    }

    byte[] storedKeyUnsafe() {
        return storedKey;
    }

    byte[] serverKeyUnsafe() {
        return serverKey;
    }

    @Override
    public String toString() {
        return mechanism + "{salt=" + saltBase64() + ", iterations=" + iterations + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c && c.mechanism == mechanism && c.iterations == iterations
                && java.util.Arrays.equals(c.salt, salt) && java.util.Arrays.equals(c.storedKey, storedKey)
                && java.util.Arrays.equals(c.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(storedKey);
    }
}
