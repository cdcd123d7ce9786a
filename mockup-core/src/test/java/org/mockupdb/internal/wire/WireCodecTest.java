package org.mockupdb.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WireCodecTest {
    private static final BsonDocument PING = new BsonDocument("ping", new BsonInt32(1)).append("$db",
            new BsonString("admin"));

    @Test
    void opMsgRoundTripsWithSequencesInWireOrder() {
        Map<String, List<BsonDocument>> sequences = new LinkedHashMap<>();
        sequences.put("documents", List.of(doc("_id", 1), doc("_id", 2)));
        sequences.put("updates", List.of(doc("q", 3)));
        BsonDocument body = new BsonDocument("insert", new BsonString("c")).append("$db", new BsonString("db"));
        Frame frame = WireDecoder.decode(WireEncoder.msg(7, 0, 0, body, sequences));

        assertEquals(7, frame.requestId());
        assertEquals(OpCodes.OP_MSG, frame.opCode());
        assertNull(frame.compressor());
        WireMessage.Msg msg = assertInstanceOf(WireMessage.Msg.class, frame.message());
        assertEquals(body, msg.body());
        assertEquals(List.of("documents", "updates"), List.copyOf(msg.sequences().keySet()));
        assertEquals(List.of(doc("_id", 1), doc("_id", 2)), msg.sequences().get("documents"));
    }

    @Test
    void opMsgChecksumIsWrittenAndVerified() {
        byte[] bytes = WireEncoder.msg(1, 0, WireMessage.Msg.CHECKSUM_PRESENT, PING, Map.of());
        WireMessage.Msg msg = (WireMessage.Msg) WireDecoder.decode(bytes).message();
        assertEquals(WireMessage.Msg.CHECKSUM_PRESENT, msg.flagBits());

        bytes[bytes.length - 1] ^= 0x55;
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(bytes));
        assertTrue(e.getMessage().startsWith("OP_MSG checksum mismatch: message carries 0x"), e.getMessage());
        assertTrue(e.framingIntact());
        assertEquals(1, e.requestId());
        assertEquals(OpCodes.OP_MSG, e.opCode());
    }

    @Test
    void opMsgReservedFlagBitsAreRejected() {
        byte[] bytes = WireEncoder.msg(1, 0, 1 << 5, PING, Map.of());
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(bytes));
        assertEquals("OP_MSG flagBits 0x00000020 set reserved bits 0x0020; only bits 0 (checksumPresent), "
                + "1 (moreToCome) and 16 (exhaustAllowed) and bits above 16 may be set", e.getMessage());
    }

    @Test
    void opMsgOptionalHighFlagBitsAreAccepted() {
        byte[] bytes = WireEncoder.msg(1, 0, WireMessage.Msg.EXHAUST_ALLOWED | (1 << 20), PING, Map.of());
        assertEquals(WireMessage.Msg.EXHAUST_ALLOWED | (1 << 20),
                ((WireMessage.Msg) WireDecoder.decode(bytes).message()).flagBits());
    }

    @Test
    void opMsgWithTwoBodiesOrNoneIsRejected() {
        byte[] one = WireEncoder.msg(1, 0, 0, PING, Map.of());
        byte[] bodySection = Arrays.copyOfRange(one, 20, one.length);
        byte[] two = frame(OpCodes.OP_MSG, concat(new byte[4], bodySection, bodySection));
        assertEquals("OP_MSG has 2 body sections (kind 0), expected exactly one",
                assertThrows(WireProtocolException.class, () -> WireDecoder.decode(two)).getMessage());

        byte[] none = frame(OpCodes.OP_MSG, new byte[4]);
        assertEquals("OP_MSG has no sections, expected one body section (kind 0)",
                assertThrows(WireProtocolException.class, () -> WireDecoder.decode(none)).getMessage());
    }

    @Test
    void opMsgUnknownSectionKindIsNamed() {
        byte[] bytes = frame(OpCodes.OP_MSG, concat(new byte[4], new byte[] {7, 5, 0, 0, 0, 0}));
        assertEquals("OP_MSG section at byte 20 has kind 7, expected 0 (body) or 1 (document sequence)",
                assertThrows(WireProtocolException.class, () -> WireDecoder.decode(bytes)).getMessage());
    }

    @Test
    void invalidBsonIsNamedWithWhereItWas() {
        byte[] ok = WireEncoder.msg(3, 0, 0, PING, Map.of());
        byte[] declaredTooLong = ok.clone();
        ByteBuffer.wrap(declaredTooLong).order(ByteOrder.LITTLE_ENDIAN).putInt(21, 1000);
        WireProtocolException e = assertThrows(WireProtocolException.class,
                () -> WireDecoder.decode(declaredTooLong));
        assertTrue(e.getMessage().startsWith("invalid BSON in OP_MSG body section (kind 0): the document declares "
                + "1000 bytes"),
                e.getMessage());
        assertEquals(ErrorCodes.INVALID_BSON, e.errorCode());
        assertTrue(e.framingIntact());

        byte[] badType = ok.clone();
        badType[25] = 0x77; // the type byte of the first element
        WireProtocolException typeError = assertThrows(WireProtocolException.class,
                () -> WireDecoder.decode(badType));
        assertTrue(typeError.getMessage().startsWith("invalid BSON in OP_MSG body section (kind 0): "),
                typeError.getMessage());

        byte[] noTerminator = ok.clone();
        noTerminator[noTerminator.length - 1] = 1;
        assertEquals("invalid BSON in OP_MSG body section (kind 0): the document does not end with a 0 byte",
                assertThrows(WireProtocolException.class, () -> WireDecoder.decode(noTerminator)).getMessage());
    }

    @Test
    void opQueryRoundTripsWithAndWithoutFieldSelector() {
        BsonDocument query = doc("isMaster", 1);
        WireMessage.Query q = (WireMessage.Query) WireDecoder.decode(
                WireEncoder.query(5, 4, "admin.$cmd", 0, -1, query, null)).message();
        assertEquals("admin.$cmd", q.fullCollectionName());
        assertEquals(4, q.flags());
        assertEquals(-1, q.numberToReturn());
        assertEquals(query, q.query());
        assertNull(q.fieldSelector());

        WireMessage.Query withFields = (WireMessage.Query) WireDecoder.decode(
                WireEncoder.query(5, 0, "db.c", 2, 10, query, doc("a", 1))).message();
        assertEquals(doc("a", 1), withFields.fieldSelector());
        assertEquals(2, withFields.numberToSkip());
    }

    @Test
    void legacyOpcodesRoundTrip() {
        WireMessage.GetMore getMore = (WireMessage.GetMore) WireDecoder.decode(
                WireEncoder.getMore(1, "db.c", 10, 123456789012L)).message();
        assertEquals(123456789012L, getMore.cursorId());
        assertEquals(10, getMore.numberToReturn());

        WireMessage.KillCursors kill = (WireMessage.KillCursors) WireDecoder.decode(
                WireEncoder.killCursors(1, List.of(1L, 2L))).message();
        assertEquals(List.of(1L, 2L), kill.cursorIds());

        WireMessage.Insert insert = (WireMessage.Insert) WireDecoder.decode(
                WireEncoder.insert(1, 1, "db.c", List.of(doc("_id", 1), doc("_id", 2)))).message();
        assertEquals(2, insert.documents().size());
        assertEquals(1, insert.flags());

        WireMessage.Update update = (WireMessage.Update) WireDecoder.decode(
                WireEncoder.update(1, "db.c", 3, doc("_id", 1), doc("x", 2))).message();
        assertEquals(doc("x", 2), update.update());
        assertEquals(3, update.flags());

        WireMessage.Delete delete = (WireMessage.Delete) WireDecoder.decode(
                WireEncoder.delete(1, "db.c", 1, doc("_id", 1))).message();
        assertEquals(doc("_id", 1), delete.selector());

        WireMessage.Reply reply = (WireMessage.Reply) WireDecoder.decodeReply(
                WireEncoder.reply(9, 1, 8, 42L, 5, List.of(doc("a", 1)))).message();
        assertEquals(42L, reply.cursorId());
        assertEquals(5, reply.startingFrom());
        assertEquals(8, reply.responseFlags());
    }

    @Test
    void killCursorsCountMustMatchTheIds() {
        byte[] bytes = WireEncoder.killCursors(1, List.of(1L, 2L));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 3);
        assertEquals("OP_KILL_CURSORS declares 3 cursor ids, 16 bytes follow (expected 24)",
                assertThrows(WireProtocolException.class, () -> WireDecoder.decode(bytes)).getMessage());
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] getMore = WireEncoder.getMore(1, "db.c", 10, 1L);
        byte[] longer = frame(OpCodes.OP_GET_MORE, concat(Arrays.copyOfRange(getMore, 16, getMore.length),
                new byte[3]));
        assertEquals("OP_GET_MORE has 3 unexpected bytes after its last field",
                assertThrows(WireProtocolException.class, () -> WireDecoder.decode(longer)).getMessage());
    }

    @Test
    void unknownOpcodeIsNamed() {
        byte[] bytes = frame(1234, new byte[8]);
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(bytes));
        assertTrue(e.getMessage().startsWith("unknown opcode 1234, expected one of 2013 (OP_MSG)"), e.getMessage());
        assertEquals(1234, e.opCode());
    }

    @ParameterizedTest
    @EnumSource(value = Compressor.class, names = {"NOOP", "SNAPPY", "ZLIB", "ZSTD"})
    void compressedMessagesUnwrapToTheOriginal(Compressor compressor) {
        BsonDocument body = new BsonDocument("insert", new BsonString("c"))
                .append("$db", new BsonString("db"))
                .append("text", new BsonString("abcabcabcabcabcabcabcabcabcabc".repeat(50)));
        byte[] original = WireEncoder.msg(11, 0, 0, body, Map.of());
        byte[] compressed = WireEncoder.compress(original, compressor);
        if (compressor != Compressor.NOOP) {
            assertTrue(compressed.length < original.length, "compression should shrink a repetitive message");
        }
        Frame frame = WireDecoder.decode(compressed);
        assertEquals(compressor, frame.compressor());
        assertEquals(OpCodes.OP_MSG, frame.opCode());
        assertEquals(11, frame.requestId());
        assertEquals(body, ((WireMessage.Msg) frame.message()).body());
    }

    @Test
    void garbageCompressedPayloadIsNamed() {
        byte[] compressed = WireEncoder.compress(WireEncoder.msg(1, 0, 0, PING, Map.of()), Compressor.ZLIB);
        for (int i = 25 + 2; i < compressed.length; i++) {
            compressed[i] = (byte) 0xA5;
        }
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(compressed));
        assertTrue(e.getMessage().startsWith("OP_COMPRESSED payload does not decompress with zlib: "), e.getMessage());
        assertEquals(OpCodes.OP_MSG, e.opCode(), "the error knows the original opcode, so it can be answered");
    }

    @Test
    void compressedSizeMismatchIsNamed() {
        byte[] compressed = WireEncoder.compress(WireEncoder.msg(1, 0, 0, PING, Map.of()), Compressor.ZLIB);
        ByteBuffer.wrap(compressed).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 500);
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(compressed));
        assertTrue(e.getMessage().startsWith("OP_COMPRESSED payload does not decompress with zlib: zlib stream ended"),
                e.getMessage());
    }

    @Test
    void unknownAndUnsupportedCompressorsAreNamed() {
        byte[] compressed = WireEncoder.compress(WireEncoder.msg(1, 0, 0, PING, Map.of()), Compressor.NOOP);
        compressed[24] = 9;
        assertTrue(assertThrows(WireProtocolException.class, () -> WireDecoder.decode(compressed)).getMessage()
                .startsWith("OP_COMPRESSED names unknown compressor id 9"));
        compressed[24] = 3;
        assertTrue(Compressor.ZSTD.isSupported(), "zstd-jni is on the test class path");
        assertTrue(assertThrows(WireProtocolException.class, () -> WireDecoder.decode(compressed)).getMessage()
                .startsWith("OP_COMPRESSED payload does not decompress with zstd: invalid zstd data: "));
    }

    @Test
    void snappyRoundTripsRandomAndRepetitiveData() {
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 3, 4, 59, 60, 61, 300, 70_000, 200_000}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : i % 7);
            }
            assertArrayEquals(data, Snappy.decompress(Snappy.compress(data), size), "size " + size);
        }
    }

    @Test
    void snappyRejectsBadOffsets() {
        // preamble 4, then a copy with offset 1 before anything was written
        byte[] bad = {4, (byte) ((3 << 2) | 2), 1, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Snappy.decompress(bad, 4));
        assertEquals("snappy copy offset 1 points outside the 0 bytes written so far", e.getMessage());
    }

    @Test
    void frameReaderChecksLengthsBeforeReading() throws Exception {
        byte[] tooSmall = new byte[16];
        ByteBuffer.wrap(tooSmall).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 15);
        assertEquals("message length 15 is below the 16-byte minimum (the header alone takes 16)",
                assertThrows(WireProtocolException.class,
                        () -> new FrameReader(new ByteArrayInputStream(tooSmall)).next()).getMessage());

        byte[] tooBig = new byte[16];
        ByteBuffer.wrap(tooBig).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 48_000_001);
        assertEquals("message length 48000001 exceeds the maximum of 48000000 bytes",
                assertThrows(WireProtocolException.class,
                        () -> new FrameReader(new ByteArrayInputStream(tooBig)).next()).getMessage());

        byte[] whole = WireEncoder.msg(1, 0, 0, PING, Map.of());
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        WireProtocolException truncated = assertThrows(WireProtocolException.class,
                () -> new FrameReader(new ByteArrayInputStream(cut)).next());
        assertEquals("truncated frame: header declares " + whole.length + " bytes, the connection closed after "
                + cut.length, truncated.getMessage());
        assertFalse(truncated.framingIntact());

        assertEquals("truncated frame: the connection closed after 7 bytes of a 16-byte message header",
                assertThrows(WireProtocolException.class,
                        () -> new FrameReader(new ByteArrayInputStream(new byte[7])).next()).getMessage());

        assertNull(new FrameReader(new ByteArrayInputStream(new byte[0])).next(), "a clean close between frames");
        assertArrayEquals(whole, new FrameReader(new ByteArrayInputStream(whole)).next());
    }

    private static BsonDocument doc(String key, int value) {
        return new BsonDocument(key, new BsonInt32(value));
    }

    private static byte[] frame(int opCode, byte[] body) {
        byte[] out = new byte[16 + body.length];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(out.length).putInt(1).putInt(0).putInt(opCode)
                .put(body);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
