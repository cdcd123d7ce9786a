package org.mockupdb.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBinaryWriter;
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
import org.bson.BsonSerializationException;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * The hand-written BSON writer writes exactly the bytes of the driver's own codec (org.bson's),
 * and the reader reads back what the codec reads, naming what is wrong with malformed bytes.
 */
class BsonBytesTest {

    private static byte[] ours(BsonDocument doc) {
        ByteSink out = new ByteSink(16);
        BsonBytes.writeDocument(out, doc);
        return out.toByteArray();
    }

    private static byte[] codec(BsonDocument doc) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        new BsonDocumentCodec().encode(new BsonBinaryWriter(out), doc, EncoderContext.builder().build());
        return out.toByteArray();
    }

    static BsonDocument everyType() {
        BsonDocument scope = new BsonDocument("x", new BsonInt32(1));
        return new BsonDocument("double", new BsonDouble(-2.5))
                .append("string", new BsonString("héllo 😀 wörld"))
                .append("empty string", new BsonString(""))
                .append("nul inside a value", new BsonString("a\u0000b"))
                .append("document", new BsonDocument("nested", new BsonDocument("deeper", BsonBoolean.TRUE)))
                .append("empty document", new BsonDocument())
                .append("array", new BsonArray(List.of(new BsonInt32(1), new BsonString("two"),
                        new BsonArray(List.of(new BsonDocument("k", BsonNull.VALUE))))))
                .append("empty array", new BsonArray())
                .append("binary", new BsonBinary(new byte[] {1, 2, 3}))
                .append("uuid", new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[16]))
                .append("old binary", new BsonBinary(BsonBinarySubType.OLD_BINARY, new byte[] {9, 8}))
                .append("undefined", new BsonUndefined())
                .append("objectId", new BsonObjectId(new ObjectId("5f1d7a0b9c1e4a2b3c4d5e6f")))
                .append("false", BsonBoolean.FALSE)
                .append("date", new BsonDateTime(1_700_000_000_123L))
                .append("null", BsonNull.VALUE)
                .append("regex", new BsonRegularExpression("^a.*b$", "xi"))
                .append("dbPointer", new BsonDbPointer("db.coll", new ObjectId("5f1d7a0b9c1e4a2b3c4d5e6f")))
                .append("code", new BsonJavaScript("function() { return 1; }"))
                .append("symbol", new BsonSymbol("sym"))
                .append("code with scope", new BsonJavaScriptWithScope("x + 1", scope))
                .append("int32", new BsonInt32(Integer.MIN_VALUE))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 7))
                .append("int64", new BsonInt64(Long.MAX_VALUE))
                .append("decimal128", new BsonDecimal128(Decimal128.parse("-1.2345E-100")))
                .append("minKey", new BsonMinKey())
                .append("maxKey", new BsonMaxKey())
                .append("ключ 日本", new BsonInt32(3))
                .append("long, to grow the buffer", new BsonString("0123456789".repeat(30)));
    }

    @Test
    void everyTypeIsWrittenAsTheCodecWritesIt() {
        BsonDocument doc = everyType();
        byte[] bytes = ours(doc);
        assertArrayEquals(codec(doc), bytes);
        assertEquals(doc, new RawBsonDocument(bytes));
    }

    @Test
    void aLoneSurrogateIsWrittenAsTheCodecWritesIt() {
        BsonDocument doc = new BsonDocument("a lone surrogate", new BsonString("x\ud800y"));
        assertArrayEquals(codec(doc), ours(doc));
    }

    @Test
    void anEmptyDocumentIsFiveBytes() {
        assertArrayEquals(new byte[] {5, 0, 0, 0, 0}, ours(new BsonDocument()));
    }

    @Test
    void aRawDocumentIsCopiedAsItIs() {
        RawBsonDocument raw = new RawBsonDocument(codec(everyType()));
        assertArrayEquals(codec(everyType()), ours(raw));
        assertArrayEquals(codec(new BsonDocument("raw", everyType())), ours(new BsonDocument("raw", raw)));
    }

    @Test
    void aNameWithANulCharacterIsRefusedAsByTheCodec() {
        BsonDocument bad = new BsonDocument("a\u0000b", new BsonInt32(1));
        BsonSerializationException e = assertThrows(BsonSerializationException.class, () -> ours(bad));
        assertTrue(e.getMessage().contains("null character"), e.getMessage());
    }

    private static BsonDocument read(byte[] bytes) {
        return BsonReading.document(bytes, 0, bytes.length);
    }

    private static BsonDocument codecRead(byte[] bytes) {
        return new BsonDocumentCodec().decode(new org.bson.BsonBinaryReader(java.nio.ByteBuffer.wrap(bytes)),
                org.bson.codecs.DecoderContext.builder().build());
    }

    @Test
    void everyTypeIsReadAsTheCodecReadsIt() {
        byte[] bytes = codec(everyType());
        BsonDocument doc = read(bytes);
        assertEquals(codecRead(bytes), doc);
        assertEquals(everyType(), doc);
        byte[] lone = codec(new BsonDocument("s", new BsonString("x\ud800y")));
        assertEquals(codecRead(lone), read(lone));
    }

    private static String malformed(byte[] bytes) {
        return assertThrows(BsonReading.Malformed.class, () -> read(bytes)).getMessage();
    }

    private static byte[] patched(BsonDocument doc, int at, int value) {
        byte[] bytes = codec(doc);
        bytes[at] = (byte) value;
        return bytes;
    }

    @Test
    void malformedBytesAreNamedWithTheirField() {
        // {a: 1}: length(4) type(1) "a\0"(2) int32(4) end(1)
        assertEquals("field 'a' has unknown BSON type 0x42", malformed(patched(new BsonDocument("a", new BsonInt32(1)), 4, 0x42)));
        assertEquals("field 'b' is a boolean of value 2, expected 0 or 1",
                malformed(patched(new BsonDocument("b", BsonBoolean.TRUE), 7, 2)));
        // {s: "hi"}: length(4) type(1) "s\0"(2) strlen(4) "hi\0"(3) end(1)
        assertEquals("field 's' is a string not terminated by a 0 byte",
                malformed(patched(new BsonDocument("s", new BsonString("hi")), 13, 'x')));
        assertTrue(malformed(patched(new BsonDocument("s", new BsonString("hi")), 7, 100))
                .startsWith("field 's' is a string declaring 100 bytes"));
        BsonDocument nested = new BsonDocument("d", new BsonDocument("x", new BsonInt32(1)));
        assertTrue(malformed(patched(nested, 7, 100)).startsWith("the document in field 'd' declares 100 bytes"));
        assertEquals("the document has no 0 byte ending its elements within its 11 bytes",
                malformed(patched(new BsonDocument("a", new BsonInt32(1)), 0, 11)));
        byte[] trailing = java.util.Arrays.copyOf(codec(new BsonDocument("a", new BsonInt32(1))), 13);
        trailing[0] = 13;
        assertEquals("the document declares 13 bytes but its elements take 12", malformed(trailing));
        BsonDocument old = new BsonDocument("o", new BsonBinary(BsonBinarySubType.OLD_BINARY, new byte[] {1, 2}));
        assertEquals("field 'o' is old binary data (subtype 2) whose inner length 9 is not its length 6 less 4",
                malformed(patched(old, 12, 9)));
        byte[] cutShort = {8, 0, 0, 0, 0x10, 'a', 'b', 0};
        assertEquals("field 'ab' is cut short: expected 4 bytes, 0 remain", malformed(cutShort));
        byte[] unterminated = {7, 0, 0, 0, 0x10, 'a', 'b'};
        assertEquals("the document does not end with a 0 byte", malformed(unterminated));
        byte[] regexPastTheEnd = {7, 0, 0, 0, 0x0B, 'a', 0, 'x', 0}; // the name takes the final 0
        assertEquals("field 'a' is not terminated by a 0 byte within its document",
                assertThrows(BsonReading.Malformed.class, () -> BsonReading.document(regexPastTheEnd, 0, 9))
                        .getMessage());
    }
}
