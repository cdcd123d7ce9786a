package org.mockupdb.internal.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SCRAM computations against the RFCs' and MongoDB's published test vectors. */
class ScramTest {
    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** RFC 5802 section 5: SCRAM-SHA-1, user "user", password "pencil" (the plain password: no MongoDB digest). */
    @Test
    void rfc5802Sha1Example() {
        ScramMechanism m = ScramMechanism.SCRAM_SHA_1;
        byte[] salted = Scram.saltedPassword(m, "pencil", b64("QSXCR+Q6sek8bf92"), 4096);
        String authMessage = "n=user,r=fyko+d2lbbFgONRv9qkxdawL"
                + ",r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"
                + ",c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j";
        byte[] clientKey = Scram.clientKey(m, salted);
        assertEquals("v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", b64(Scram.clientProof(m, clientKey, authMessage)));
        assertEquals("rmF9pqV8S7suAoZWja4dJRkFsKQ=",
                b64(Scram.serverSignature(m, Scram.serverKey(m, salted), authMessage)));
        assertTrue(Scram.verifyClientProof(m, Scram.storedKey(m, clientKey), authMessage,
                b64("v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")));
    }

    /** RFC 7677 section 3: SCRAM-SHA-256, user "user", password "pencil". */
    @Test
    void rfc7677Sha256Example() {
        ScramMechanism m = ScramMechanism.SCRAM_SHA_256;
        assertEquals("pencil", m.digestPassword("user", "pencil"), "SASLprep leaves a plain ASCII password alone");
        byte[] salted = Scram.saltedPassword(m, "pencil", b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO"
                + ",r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
                + ",c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] clientKey = Scram.clientKey(m, salted);
        assertEquals("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", b64(Scram.clientProof(m, clientKey, authMessage)));
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                b64(Scram.serverSignature(m, Scram.serverKey(m, salted), authMessage)));
    }

    /** MongoDB's auth spec, SCRAM-SHA-1: the password is the hex MD5 of "user:mongo:pencil". */
    @Test
    void mongodbSpecSha1Example() {
        ScramMechanism m = ScramMechanism.SCRAM_SHA_1;
        assertEquals("1c33006ec1ffd90f9cadcbcc0e118200", m.digestPassword("user", "pencil"));
        byte[] salted = Scram.saltedPassword(m, m.digestPassword("user", "pencil"), b64("rQ9ZY3MntBeuP3E1TDVC4w=="), 10000);
        String nonce = "fyko+d2lbbFgONRv9qkxdawLHo+Vgk7qvUOKUwuWLIWg4l/9SraGMHEE";
        String authMessage = "n=user,r=fyko+d2lbbFgONRv9qkxdawL,r=" + nonce + ",s=rQ9ZY3MntBeuP3E1TDVC4w==,i=10000"
                + ",c=biws,r=" + nonce;
        byte[] clientKey = Scram.clientKey(m, salted);
        assertEquals("MC2T8BvbmWRckDw8oWl5IVghwCY=", b64(Scram.clientProof(m, clientKey, authMessage)));
        assertEquals("UMWeI25JD1yNYZRMpZ4VHvhZ9e0=",
                b64(Scram.serverSignature(m, Scram.serverKey(m, salted), authMessage)));
    }

    @Test
    void aCredentialKeepsOnlyTheKeysAndAProofFromAnotherPasswordFails() {
        ScramMechanism m = ScramMechanism.SCRAM_SHA_256;
        ScramCredential credential = ScramCredential.create(m, "user", "pencil", b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        byte[] salted = Scram.saltedPassword(m, "pencil", b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        assertArrayEquals(Scram.storedKey(m, Scram.clientKey(m, salted)), credential.storedKey());
        assertArrayEquals(Scram.serverKey(m, salted), credential.serverKey());
        byte[] otherKey = Scram.clientKey(m, Scram.saltedPassword(m, "pen", b64("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096));
        assertFalse(Scram.verifyClientProof(m, credential.storedKey(), "msg", Scram.clientProof(m, otherKey, "msg")));
        assertFalse(Scram.verifyClientProof(m, credential.storedKey(), "msg", new byte[3]), "a truncated proof fails");
    }

    @Test
    void randomSaltsHaveMongodsLengthsAndIterationCounts() {
        ScramCredential sha1 = ScramCredential.create(ScramMechanism.SCRAM_SHA_1, "u", "p", new java.security.SecureRandom());
        ScramCredential sha256 = ScramCredential.create(ScramMechanism.SCRAM_SHA_256, "u", "p", new java.security.SecureRandom());
        assertEquals(16, sha1.salt().length);
        assertEquals(10000, sha1.iterations());
        assertEquals(28, sha256.salt().length);
        assertEquals(15000, sha256.iterations());
        assertFalse(java.util.Arrays.equals(sha256.salt(),
                ScramCredential.create(ScramMechanism.SCRAM_SHA_256, "u", "p", new java.security.SecureRandom()).salt()));
        assertThrows(IllegalArgumentException.class,
                () -> Scram.saltedPassword(ScramMechanism.SCRAM_SHA_1, "p", new byte[16], 0));
    }
}
