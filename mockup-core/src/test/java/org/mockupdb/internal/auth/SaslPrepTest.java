package org.mockupdb.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 4013 section 3's examples, and MongoDB's auth spec SCRAM-SHA-256 SASLprep cases. */
class SaslPrepTest {
    @Test
    void rfc4013Examples() {
        assertEquals("IX", SaslPrep.prepare("I\u00ADX"), "soft hyphen mapped to nothing");
        assertEquals("user", SaslPrep.prepare("user"));
        assertEquals("USER", SaslPrep.prepare("USER"), "case preserved");
        assertEquals("a", SaslPrep.prepare("\u00AA"), "NFKC");
        assertEquals("IX", SaslPrep.prepare("\u2168"), "NFKC");
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("\u0007"));
        assertTrue(control.getMessage().contains("U+0007"), control.getMessage());
        IllegalArgumentException bidi = assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("\u0627\u0031"));
        assertTrue(bidi.getMessage().contains("right-to-left"), bidi.getMessage());
    }

    @Test
    void spacesControlsAndPrivateUse() {
        assertEquals("a b", SaslPrep.prepare("a\u00A0b"), "non-ASCII space mapped to SPACE");
        assertEquals("ab", SaslPrep.prepare("a\uFEFFb"), "zero width no-break space removed");
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("a\uE000"), "private use");
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("a\u0085"), "C.2.2");
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("a\u202Eb"), "C.8");
        assertEquals("\u0627\u0628", SaslPrep.prepare("\u0627\u0628"), "right-to-left only is fine");
    }

    @Test
    void aUserWhosePasswordSaslPrepRefusesCannotHaveSha256() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthUser.of("u", "bad\u0007", "admin", java.util.EnumSet.of(ScramMechanism.SCRAM_SHA_256)));
        assertTrue(e.getMessage().contains("SCRAM-SHA-256"), e.getMessage());
        AuthUser.of("u", "bad\u0007", "admin", java.util.EnumSet.of(ScramMechanism.SCRAM_SHA_1));
    }
}
