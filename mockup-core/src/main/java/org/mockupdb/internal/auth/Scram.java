package org.mockupdb.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM computations of RFC 5802 section 3, for either hash (RFC 7677), with the JDK's
 * crypto only:
 *
 * <pre>
 * SaltedPassword  := Hi(Normalize(password), salt, i)      (PBKDF2 with HMAC)
 * ClientKey       := HMAC(SaltedPassword, "Client Key")
 * StoredKey       := H(ClientKey)
 * ServerKey       := HMAC(SaltedPassword, "Server Key")
 * AuthMessage     := client-first-message-bare + "," + server-first-message + "," + client-final-message-without-proof
 * ClientSignature := HMAC(StoredKey, AuthMessage)
 * ClientProof     := ClientKey XOR ClientSignature
 * ServerSignature := HMAC(ServerKey, AuthMessage)
 * </pre>
 *
 * The "password" here is already the mechanism's digest of it ({@link ScramMechanism#digestPassword}).
 */
public final class Scram {
    private Scram() {
    }

    /** Hi(password, salt, i): PBKDF2 with the mechanism's HMAC, one hash-sized block. */
    public static byte[] saltedPassword(ScramMechanism mechanism, String digestedPassword, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("the SCRAM iteration count must be at least 1, got " + iterations);
        }
        try {
            int bits = MessageDigest.getInstance(mechanism.digestAlgorithm).getDigestLength() * 8;
            // The JDK's PBKDF2 encodes the chars as UTF-8, as SCRAM wants (RFC 5802 section 2.2).
            PBEKeySpec spec = new PBEKeySpec(digestedPassword.toCharArray(), salt, iterations, bits);
            try {
                return SecretKeyFactory.getInstance(mechanism.pbkdf2Algorithm).generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + mechanism.pbkdf2Algorithm + ": " + e, e);
        }
    }

    public static byte[] hmac(ScramMechanism mechanism, byte[] key, String message) {
        return hmac(mechanism, key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(ScramMechanism mechanism, byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(mechanism.hmacAlgorithm);
            mac.init(new SecretKeySpec(key, mechanism.hmacAlgorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + mechanism.hmacAlgorithm + ": " + e, e);
        }
    }

    public static byte[] hash(ScramMechanism mechanism, byte[] data) {
        try {
            return MessageDigest.getInstance(mechanism.digestAlgorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute " + mechanism.digestAlgorithm + ": " + e, e);
        }
    }

    public static byte[] clientKey(ScramMechanism mechanism, byte[] saltedPassword) {
        return hmac(mechanism, saltedPassword, "Client Key");
    }

    public static byte[] serverKey(ScramMechanism mechanism, byte[] saltedPassword) {
        return hmac(mechanism, saltedPassword, "Server Key");
    }

    public static byte[] storedKey(ScramMechanism mechanism, byte[] clientKey) {
        return hash(mechanism, clientKey);
    }

    /** ClientKey XOR HMAC(StoredKey, AuthMessage): what a client that knows the password sends. */
    public static byte[] clientProof(ScramMechanism mechanism, byte[] clientKey, String authMessage) {
        return xor(clientKey, hmac(mechanism, storedKey(mechanism, clientKey), authMessage));
    }

    /** HMAC(ServerKey, AuthMessage): what the server proves it knows the password with. */
    public static byte[] serverSignature(ScramMechanism mechanism, byte[] serverKey, String authMessage) {
        return hmac(mechanism, serverKey, authMessage);
    }

    /**
     * Whether this proof comes from the client key whose hash is {@code storedKey}: recovers
     * ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage) and compares H(ClientKey) with
     * StoredKey in constant time, as the server does without ever holding the password.
     */
    public static boolean verifyClientProof(ScramMechanism mechanism, byte[] storedKey, String authMessage, byte[] proof) {
        byte[] signature = hmac(mechanism, storedKey, authMessage);
        if (proof.length != signature.length) {
            return false;
        }
        return MessageDigest.isEqual(hash(mechanism, xor(proof, signature)), storedKey);
    }

    static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("xor of " + a.length + " bytes with " + b.length + " bytes");
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
