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
 *
 * <p>Input is hostile until proven otherwise: every length is checked as {@code n > limit - pos}
 * (never {@code pos + n > limit}, which a length near 2^31 wraps), so nothing is allocated beyond the
 * bytes that are really there; nesting is read with an explicit stack, not recursion, and capped at
 * mongod's depth; a document larger than mongod accepts is refused before it is read.
 */
final class BsonReading {
    /**
     * Nesting levels below the outermost document that mongod accepts: its server parameter
     * {@code maxBSONDepth}, default {@code BSONDepth::kDefaultMaxAllowableDepth = 200}
     * (mongodb/mongo src/mongo/bson/bson_depth.h). Its validator (src/mongo/bson/bson_validate.cpp) keeps
     * {@code maxBSONDepth + 1} frames, the outermost document in the first, and refuses one more with
     * {@code ErrorCodes::Overflow}, "BSONObj exceeds maximum nested object depth"; code with scope takes two
     * frames, as there.
     */
    static final int MAX_DEPTH = 200;

    /**
     * The largest document mongod reads off the wire: {@code BSONObjMaxInternalSize}, which is
     * {@code BSONObjMaxUserSize} (16 MiB, the {@code maxBsonObjectSize} a hello advertises) plus 16 KiB of
     * room for a command's own fields (mongodb/mongo src/mongo/bson/util/builder.h). A larger one fails
     * {@code BSONObj}'s size check (src/mongo/bson/bsonobj.cpp, {@code _assertInvalid}) with
     * {@code BSONObjectTooLarge} (10334).
     */
    static final int MAX_DOCUMENT_SIZE = 16 * 1024 * 1024 + 16 * 1024;

    /** mongod's {@code ErrorCodes::Overflow}, for a document nested too deep. */
    static final int OVERFLOW = ErrorCodes.OVERFLOW;

    /** What was wrong with the bytes, and where; {@link #code()} is the error code mongod gives it. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int code;

        Malformed(String message) {
            this(message, ErrorCodes.INVALID_BSON);
        }

        Malformed(String message, int code) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** One open document, array or scope: where it ends, what it holds so far, what holds it. */
    private static final class Level {
        final Level parent;
        final int start;
        final int end;
        final int depth;
        /** The field that holds it in its parent, null for the outermost document. */
        final String name;
        final String kind;
        final BsonDocument document;
        final List<BsonValue> array;
        /** For a scope: the code, and where the code with scope must end; else null and -1. */
        final String code;
        final int scopeOwnerStart;
        final int scopeOwnerEnd;

        Level(Level parent, int start, int end, int depth, String name, String kind, boolean isArray,
              String code, int scopeOwnerStart, int scopeOwnerEnd) {
            this.parent = parent;
            this.start = start;
            this.end = end;
            this.depth = depth;
            this.name = name;
            this.kind = kind;
            this.document = isArray ? null : new BsonDocument();
            this.array = isArray ? new ArrayList<>() : null;
            this.code = code;
            this.scopeOwnerStart = scopeOwnerStart;
            this.scopeOwnerEnd = scopeOwnerEnd;
        }

        void add(String key, BsonValue value) {
            if (array != null) {
                array.add(value); // as the codec does, an array's element names are not read
            } else {
                document.put(key, value);
            }
        }

        BsonValue value() {
            BsonValue value = array != null ? new BsonArray(array) : document;
            return code != null ? new BsonJavaScriptWithScope(code, document) : value;
        }
    }

    private final byte[] bytes;
    private int pos;
    /** The innermost open level, for naming a field by its path. */
    private Level current;

    private BsonReading(byte[] bytes, int pos) {
        this.bytes = bytes;
        this.pos = pos;
    }

    /** The document at {@code offset}, which must end by {@code limit} (an index into {@code bytes}). */
    static BsonDocument document(byte[] bytes, int offset, int limit) {
        if (offset < 0 || limit > bytes.length || offset > limit) {
            throw new Malformed("a document at byte " + offset + " cannot end by byte " + limit + " of "
                    + bytes.length);
        }
        BsonReading reader = new BsonReading(bytes, offset);
        return reader.read(limit);
    }

    private BsonDocument read(int limit) {
        int start = pos;
        if (4 <= limit - start) {
            int declared = int32At(start);
            if (declared > MAX_DOCUMENT_SIZE) {
                throw new Malformed(String.format("BSONObj size: %d (0x%08X) is invalid. Size must be between 0 and "
                        + "%d(%dMB): the document is larger than mongod accepts (maxBsonObjectSize %d plus 16 KiB)",
                        declared, declared, MAX_DOCUMENT_SIZE, MAX_DOCUMENT_SIZE / (1024 * 1024), 16 * 1024 * 1024),
                        ErrorCodes.BSON_OBJECT_TOO_LARGE);
            }
        }
        open(limit, "document", null, false, 0, null, -1, -1);
        while (true) {
            Level level = current;
            if (pos >= level.end) {
                throw new Malformed(describe(level) + " has no 0 byte ending its elements within its "
                        + (level.end - level.start) + " bytes");
            }
            int type = bytes[pos++];
            if (type == 0) {
                if (pos != level.end) {
                    throw new Malformed(describe(level) + " declares " + (level.end - level.start)
                            + " bytes but its elements take " + (pos - level.start));
                }
                current = level.parent;
                if (current == null) {
                    return level.document;
                }
                if (level.code != null && pos != level.scopeOwnerEnd) {
                    throw new Malformed(field(level.name) + " is code with scope declaring "
                            + (level.scopeOwnerEnd - level.scopeOwnerStart) + " bytes but taking "
                            + (pos - level.scopeOwnerStart));
                }
                current.add(level.name, level.value());
                continue;
            }
            String key = cstring(level.end, null);
            switch (type) {
                case 0x03 -> open(level.end, "document", key, false, 1, null, -1, -1);
                case 0x04 -> open(level.end, "array", key, true, 1, null, -1, -1);
                case 0x0F -> codeWithScope(level.end, key);
                default -> level.add(key, value(type, key, level.end));
            }
        }
    }

    /**
     * Opens the document or array at {@code pos}, which must end by {@code limit}, {@code levels} deeper than
     * the current one (code with scope counts two, as in mongod).
     */
    private void open(int limit, String kind, String name, boolean isArray, int levels, String code,
                      int ownerStart, int ownerEnd) {
        int depth = current == null ? 0 : current.depth + levels;
        if (depth > MAX_DEPTH) {
            throw new Malformed("BSONObj exceeds maximum nested object depth: " + field(name) + " is nested "
                    + depth + " levels deep, mongod accepts " + MAX_DEPTH + " (its maxBSONDepth)", OVERFLOW);
        }
        int start = pos;
        int size = int32(limit, current == null ? null : name);
        if (size < 5 || size > limit - start) {
            throw new Malformed(describe(kind, name) + " declares " + size + " bytes, " + (limit - start)
                    + " remain (a document takes 5 bytes or more)");
        }
        int end = start + size;
        if (bytes[end - 1] != 0) {
            throw new Malformed(describe(kind, name) + " does not end with a 0 byte");
        }
        current = new Level(current, start, end, depth, name, kind, isArray, code, ownerStart, ownerEnd);
    }

    /** "the document", or "the array in field 'a.b'": built only when something is wrong. */
    private String describe(String kind, String name) {
        return name == null && current == null ? "the " + kind : "the " + kind + " in " + field(name);
    }

    private String describe(Level level) {
        Level saved = current;
        current = level.parent;
        try {
            return describe(level.kind, level.name);
        } finally {
            current = saved;
        }
    }

    /**
     * "field 'a.b.c'": the field's path from the outermost document, names abbreviated so that a message
     * stays short whatever the input.
     */
    private String field(String name) {
        List<String> names = new ArrayList<>();
        names.add(name);
        for (Level l = current; l != null && l.name != null; l = l.parent) {
            names.add(l.name);
        }
        StringBuilder sb = new StringBuilder("field '");
        int n = names.size();
        for (int i = n - 1; i >= 0; i--) {
            if (n > 12 && i == n - 5) { // the first four names and the last five
                sb.append("(").append(n - 9).append(" more levels).");
                i = 4;
            }
            String s = String.valueOf(names.get(i));
            sb.append(s.length() > 64 ? s.substring(0, 60) + "...(" + s.length() + " chars)" : s);
            if (i > 0) {
                sb.append('.');
            }
        }
        return sb.append('\'').toString();
    }

    private BsonValue value(int type, String field, int limit) {
        switch (type) {
            case 0x01:
                return new BsonDouble(Double.longBitsToDouble(int64(limit, field)));
            case 0x02:
                return new BsonString(string(limit, field));
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
            if (inner != length - 4 || inner < 0) {
                throw new Malformed(field(field) + " is old binary data (subtype 2) whose inner length " + inner
                        + " is not its length " + length + " less 4");
            }
            length = inner;
        }
        return new BsonBinary(subtype, take(length, limit, field));
    }

    /** Reads code with scope's size and code, and opens its scope, which counts two levels as in mongod. */
    private void codeWithScope(int limit, String field) {
        int start = pos;
        int size = int32(limit, field);
        if (size < 14 || size > limit - start) {
            throw new Malformed(field(field) + " is code with scope declaring " + size + " bytes, " + (limit - start)
                    + " remain");
        }
        int end = start + size;
        String code = string(end, field);
        open(end, "scope", field, false, 2, code, start, end);
    }

    /** The field a value belongs to, or the document's own length when {@code field} is null. */
    private String where(String field) {
        return field == null ? "a document's length" : field(field);
    }

    private ObjectId objectId(int limit, String field) {
        return new ObjectId(take(12, limit, field));
    }

    private String string(int limit, String field) {
        int length = int32(limit, field);
        if (length < 1 || length > limit - pos) {
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
        if (n < 0 || n > limit - pos) {
            throw new Malformed(where(field) + " is cut short: expected " + n + (n == 1 ? " byte, " : " bytes, ")
                    + (limit - pos) + " remain");
        }
    }

    private int int32(int limit, String field) {
        need(4, limit, field);
        int v = int32At(pos);
        pos += 4;
        return v;
    }

    private int int32At(int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
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
