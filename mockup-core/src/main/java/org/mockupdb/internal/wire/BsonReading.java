package org.mockupdb.internal.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Reads a BSON document from a byte array into a {@link BsonDocument}, checking every length
 * and terminator against the bounds of the document that holds it, without {@code org.bson}'s
 * reader and codec layers (they cost a few hundred microseconds a request until the JIT has
 * compiled them). Values are the ones the codec would build. A malformed document throws
 * {@link Malformed}, whose message names the field and what was wrong.
 */
final class BsonReading {
    /** What was wrong with the bytes, and where. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final byte[] bytes;
    private int pos;

    private BsonReading(byte[] bytes, int pos) {
        this.bytes = bytes;
        this.pos = pos;
    }

    /** The document at {@code offset}, which must end by {@code limit} (an index into {@code bytes}). */
    static BsonDocument document(byte[] bytes, int offset, int limit) {
        BsonReading reader = new BsonReading(bytes, offset);
        return reader.document(limit, "document", null);
    }

    /** "the document", or "the array in field 'x'": built only when something is wrong. */
    private static String describe(String kind, String name) {
        return name == null ? "the " + kind : "the " + kind + " in " + field(name);
    }

    private static String field(String name) {
        return "field '" + name + "'";
    }

    private BsonDocument document(int limit, String kind, String name) {
        int start = pos;
        int size = int32(limit, null);
        int end = start + size;
        if (size < 5 || end > limit) {
            throw new Malformed(describe(kind, name) + " declares " + size + " bytes, " + (limit - start)
                    + " remain (a document takes 5 bytes or more)");
        }
        if (bytes[end - 1] != 0) {
            throw new Malformed(describe(kind, name) + " does not end with a 0 byte");
        }
        BsonDocument doc = new BsonDocument();
        while (true) {
            if (pos >= end) {
                throw new Malformed(describe(kind, name) + " has no 0 byte ending its elements within its "
                        + size + " bytes");
            }
            int type = bytes[pos++];
            if (type == 0) {
                break;
            }
            String key = cstring(end, null);
            doc.put(key, value(type, key, end));
        }
        if (pos != end) {
            throw new Malformed(describe(kind, name) + " declares " + size + " bytes but its elements take "
                    + (pos - start));
        }
        return doc;
    }

    private BsonArray array(int limit, String name) {
        BsonDocument elements = document(limit, "array", name);
        List<BsonValue> values = new ArrayList<>(elements.size());
        values.addAll(elements.values());
        return new BsonArray(values);
    }

    private BsonValue value(int type, String field, int limit) {
        switch (type) {
            case 0x01:
                return new BsonDouble(Double.longBitsToDouble(int64(limit, field)));
            case 0x02:
                return new BsonString(string(limit, field));
            case 0x03:
                return document(limit, "document", field);
            case 0x04:
                return array(limit, field);
            case 0x05:
                return binary(limit, field);
            case 0x06:
                return new BsonUndefined();
            case 0x07:
                return new BsonObjectId(objectId(limit, field));
            case 0x08: {
                byte b = take(1, limit, field)[0];
                if (b != 0 && b != 1) {
                    throw new Malformed(field(field) + " is a boolean of value " + b + ", expected 0 or 1");
                }
                return BsonBoolean.valueOf(b == 1);
            }
            case 0x09:
                return new BsonDateTime(int64(limit, field));
            case 0x0A:
                return BsonNull.VALUE;
            case 0x0B: {
                String pattern = cstring(limit, field);
                return new BsonRegularExpression(pattern, cstring(limit, field));
            }
            case 0x0C: {
                String namespace = string(limit, field);
                return new BsonDbPointer(namespace, objectId(limit, field));
            }
            case 0x0D:
                return new BsonJavaScript(string(limit, field));
            case 0x0E:
                return new BsonSymbol(string(limit, field));
            case 0x0F:
                return codeWithScope(limit, field);
            case 0x10:
                return new BsonInt32(int32(limit, field));
            case 0x11:
                return new BsonTimestamp(int64(limit, field));
            case 0x12:
                return new BsonInt64(int64(limit, field));
            case 0x13: {
                long low = int64(limit, field);
                long high = int64(limit, field);
                return new BsonDecimal128(Decimal128.fromIEEE754BIDEncoding(high, low));
            }
            case -1:
                return new BsonMinKey();
            case 0x7F:
                return new BsonMaxKey();
            default:
                throw new Malformed(String.format("%s has unknown BSON type 0x%02x", field(field), type & 0xff));
        }
    }

    private BsonBinary binary(int limit, String field) {
        int length = int32(limit, field);
        if (length < 0) {
            throw new Malformed(field(field) + " is binary data of length " + length);
        }
        byte subtype = take(1, limit, field)[0];
        if (subtype == BsonBinarySubType.OLD_BINARY.getValue()) {
            int inner = int32(limit, field);
            if (inner != length - 4) {
                throw new Malformed(field(field) + " is old binary data (subtype 2) whose inner length " + inner
                        + " is not its length " + length + " less 4");
            }
            length = inner;
        }
        return new BsonBinary(subtype, take(length, limit, field));
    }

    private BsonJavaScriptWithScope codeWithScope(int limit, String field) {
        int start = pos;
        int size = int32(limit, field);
        if (size < 14 || start + size > limit) {
            throw new Malformed(field(field) + " is code with scope declaring " + size + " bytes, " + (limit - start)
                    + " remain");
        }
        int end = start + size;
        String code = string(end, field);
        BsonDocument scope = document(end, "scope", field);
        if (pos != end) {
            throw new Malformed(field(field) + " is code with scope declaring " + size + " bytes but taking " + (pos - start));
        }
        return new BsonJavaScriptWithScope(code, scope);
    }

    /** The field a value belongs to, or the document's own length when {@code field} is null. */
    private static String where(String field) {
        return field == null ? "a document's length" : field(field);
    }

    private ObjectId objectId(int limit, String field) {
        return new ObjectId(take(12, limit, field));
    }

    private String string(int limit, String field) {
        int length = int32(limit, field);
        if (length < 1 || pos + length > limit) {
            throw new Malformed(field(field) + " is a string declaring " + length + " bytes, " + (limit - pos)
                    + " remain (a string takes 1 byte or more, its terminating 0 included)");
        }
        if (bytes[pos + length - 1] != 0) {
            throw new Malformed(field(field) + " is a string not terminated by a 0 byte");
        }
        String s = text(pos, length - 1);
        pos += length;
        return s;
    }

    /**
     * The text up to the next 0 byte before {@code limit}: a field's name ({@code field} null; the
     * document's final 0 byte always ends one) or a regular expression's pattern or options.
     */
    private String cstring(int limit, String field) {
        for (int i = pos; i < limit; i++) {
            if (bytes[i] == 0) {
                String s = text(pos, i - pos);
                pos = i + 1;
                return s;
            }
        }
        throw new Malformed((field == null ? "a field name" : field(field))
                + " is not terminated by a 0 byte within its document");
    }

    /** ASCII is copied byte by byte; anything else is decoded as UTF-8, as the codec does. */
    private String text(int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return new String(bytes, offset, length, StandardCharsets.UTF_8);
            }
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private byte[] take(int n, int limit, String field) {
        need(n, limit, field);
        byte[] out = new byte[n];
        System.arraycopy(bytes, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** Fails unless {@code n} bytes remain before {@code limit} for {@code field} (null: a document's length). */
    private void need(int n, int limit, String field) {
        if (pos + n > limit) {
            throw new Malformed(where(field) + " is cut short: expected " + n + (n == 1 ? " byte, " : " bytes, ")
                    + (limit - pos) + " remain");
        }
    }

    private int int32(int limit, String field) {
        need(4, limit, field);
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16
                | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    private long int64(int limit, String field) {
        need(8, limit, field);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (bytes[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }
}
