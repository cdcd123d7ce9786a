package org.mockupdb.internal.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the stringprep profile (RFC 3454) mongod applies to a SCRAM-SHA-256
 * password before hashing it (mongod: {@code saslPrep} in {@code mongo/util/icu.cpp}, called
 * from {@code scram::Secrets} creation; the client does the same, MongoDB's auth spec,
 * "SCRAM-SHA-256"). Stored strings: unassigned code points are prohibited too.
 *
 * <ol>
 * <li>Map: non-ASCII spaces (table C.1.2) to U+0020; "commonly mapped to nothing" (B.1) removed.</li>
 * <li>Normalize with NFKC ({@link Normalizer}).</li>
 * <li>Prohibit: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9, and unassigned
 *     code points (A.1, approximated by the JDK's Unicode tables, which are newer than 3.2:
 *     a code point assigned since Unicode 3.2 passes here where ICU's 3.2 tables would refuse it).</li>
 * <li>Bidirectional rule (RFC 3454 section 6): a string with any RandALCat character has no
 *     LCat character and begins and ends with RandALCat.</li>
 * </ol>
 */
public final class SaslPrep {
    private SaslPrep() {
    }

    /**
     * The prepared string.
     *
     * @throws IllegalArgumentException naming the prohibited character and where it is
     */
    public static String prepare(String input) {
        StringBuilder mapped = new StringBuilder(input.length());
        input.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean randAl = false;
        boolean l = false;
        int[] cps = normalized.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            String why = prohibition(cp);
            if (why != null) {
                throw new IllegalArgumentException(String.format(
                        "SASLprep prohibits %s U+%04X at code point %d of the string", why, cp, i));
            }
            randAl |= isRandAl(cp);
            l |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (randAl) {
            if (l) {
                throw new IllegalArgumentException(
                        "SASLprep prohibits mixing right-to-left and left-to-right characters (RFC 3454 section 6)");
            }
            if (!isRandAl(cps[0]) || !isRandAl(cps[cps.length - 1])) {
                throw new IllegalArgumentException("SASLprep requires a string with right-to-left characters to begin "
                        + "and end with one (RFC 3454 section 6)");
            }
        }
        return normalized;
    }

    private static boolean isRandAl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** Table C.1.2. */
    static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** Table B.1. */
    static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    /** Which table prohibits this code point, or null. */
    private static String prohibition(int cp) {
        if (isNonAsciiSpace(cp)) {
            return "the non-ASCII space (C.1.2)";
        }
        if (cp <= 0x1F || cp == 0x7F) {
            return "the ASCII control character (C.2.1)";
        }
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp == 0x200C
                || cp == 0x200D || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063)
                || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC)
                || (cp >= 0x1D173 && cp <= 0x1D17A)) {
            return "the non-ASCII control character (C.2.2)";
        }
        if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)) {
            return "the private use character (C.3)";
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return "the non-character code point (C.4)";
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            return "the surrogate code point (C.5)";
        }
        if (cp >= 0xFFF9 && cp <= 0xFFFD) {
            return "the character inappropriate for plain text (C.6)";
        }
        if (cp >= 0x2FF0 && cp <= 0x2FFB) {
            return "the character inappropriate for canonical representation (C.7)";
        }
        if (cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)) {
            return "the display-changing or deprecated character (C.8)";
        }
        if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) {
            return "the tagging character (C.9)";
        }
        if (!Character.isDefined(cp)) {
            return "the unassigned code point (A.1)";
        }
        return null;
    }
}
