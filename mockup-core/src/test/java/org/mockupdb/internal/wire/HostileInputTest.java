package org.mockupdb.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Input written to hurt: lengths that lie or wrap, nesting past mongod's limit, opcodes a client never sends. */
class HostileInputTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final BsonDocument PING = new BsonDocument("ping", new BsonInt32(1))
            .append("$db", new BsonString("admin"));

    @Test
    void aHeaderDeclaring48MegabytesCostsOnlyWhatArrives() throws Exception {
        byte[] header = new byte[16];
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(48_000_000).putInt(1).putInt(0).putInt(2013);
        long allocated = allocatedByRunning(() -> assertThrows(WireProtocolException.class,
                () -> new FrameReader(new ByteArrayInputStream(header)).next()));
        assertTrue(allocated < 512 * 1024, "allocated " + allocated + " bytes for a 16-byte header");
    }

    @Test
    void aLargeFrameArrivingInPiecesIsReadWhole() throws Exception {
        byte[] whole = WireEncoder.msg(3, 0, 0, new BsonDocument("big", new BsonString("x".repeat(1_000_000))),
                Map.of());
        InputStream trickle = new ByteArrayInputStream(whole) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7919));
            }
        };
        assertArrayEquals(whole, new FrameReader(trickle).next());
    }

    private static BsonDocument nested(int levels) {
        BsonValue inner = new BsonInt32(1);
        for (int i = 0; i < levels; i++) {
            inner = i % 2 == 0 ? new BsonDocument("x", inner) : new BsonArray(java.util.List.of(inner));
        }
        return new BsonDocument("filter", inner);
    }

    private static WireProtocolException refused(BsonDocument body) {
        return assertThrows(WireProtocolException.class,
                () -> WireDecoder.decode(WireEncoder.msg(5, 0, 0, body, Map.of())));
    }

    @Test
    void nestingIsCappedAtMongodsMaxBsonDepth() {
        // "filter" holds level 1 below the outermost document; nested(200) has its last container at level 200
        BsonDocument deepest = nested(200);
        assertEquals(deepest, ((WireMessage.Msg) WireDecoder.decode(WireEncoder.msg(5, 0, 0, deepest, Map.of()))
                .message()).body());
        WireProtocolException e = refused(nested(201));
        assertEquals(ErrorCodes.OVERFLOW, e.errorCode());
        assertEquals("Overflow", ErrorCodes.nameOf(e.errorCode()));
        assertTrue(e.framingIntact(), "the frame was whole: the client gets an error reply");
        assertTrue(e.getMessage().startsWith("invalid BSON in OP_MSG body section (kind 0): BSONObj exceeds maximum "
                + "nested object depth: field 'filter.x.0.x.(192 more levels).0.x.0.x.0' "), e.getMessage());
        assertTrue(e.getMessage().endsWith("is nested 201 levels deep, mongod accepts 200 (its maxBSONDepth)"),
                e.getMessage());
        byte[] deep = WireEncoder.msg(5, 0, 0, new BsonDocument("d", new BsonInt32(0)), Map.of());
        byte[] frame = concat(Arrays.copyOf(deep, 21), deepDocument(100_000));
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(0, frame.length);
        WireProtocolException tooDeep = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(frame));
        assertEquals(ErrorCodes.OVERFLOW, tooDeep.errorCode(), "no recursion to overflow the stack");
    }

    /** {"x": {"x": ... {}}} nested {@code levels} deep, built without recursion (the encoder would recurse). */
    private static byte[] deepDocument(int levels) {
        // level i: int32 size, 0x03, "x\0", <level i+1>, then its closing 0 (the array starts zeroed)
        int inner = 5;
        byte[] out = new byte[inner + levels * 8];
        int start = levels * 7;
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(start, inner);
        out[start + 4] = 0;
        int size = inner;
        for (int i = levels - 1; i >= 0; i--) {
            int at = i * 7;
            size += 8;
            b.putInt(at, size);
            out[at + 4] = 0x03;
            out[at + 5] = 'x';
            out[at + 6] = 0;
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void codeWithScopeCountsTwoLevelsAsInMongod() {
        // the scope is level 2, its "filter" holds level 3
        BsonDocument atTheLimit = new BsonDocument("c", new BsonJavaScriptWithScope("f()", nested(198)));
        WireDecoder.decode(WireEncoder.msg(5, 0, 0, atTheLimit, Map.of()));
        BsonDocument over = new BsonDocument("c", new BsonJavaScriptWithScope("f()", nested(199)));
        assertEquals(ErrorCodes.OVERFLOW, refused(over).errorCode());
    }

    @Test
    void aDocumentLargerThanMongodReadsIsRefusedWithBsonObjectTooLarge() {
        int limit = 16 * 1024 * 1024 + 16 * 1024;
        // {"s": "<string>"}: 4 + 1 + 2 + 4 + n + 1 + 1 bytes
        BsonDocument atLimit = new BsonDocument("s", new BsonString("y".repeat(limit - 13)));
        WireDecoder.decode(WireEncoder.msg(5, 0, 0, atLimit, Map.of()));
        WireProtocolException e = refused(new BsonDocument("s", new BsonString("y".repeat(limit - 12))));
        assertEquals(ErrorCodes.BSON_OBJECT_TOO_LARGE, e.errorCode());
        assertEquals("BSONObjectTooLarge", ErrorCodes.nameOf(e.errorCode()));
        assertTrue(e.getMessage().contains("BSONObj size: 16793601 (0x01004001) is invalid. Size must be between 0 "
                + "and 16793600(16MB)"), e.getMessage());
    }

    /** {"s": <string declaring length>} with {@code extra} bytes of string after the declared length. */
    private static byte[] lyingLength(int type, int declared) {
        byte[] doc = new byte[4 + 1 + 2 + 4 + 8 + 1];
        ByteBuffer b = ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(doc.length).put((byte) type).put((byte) 's').put((byte) 0).putInt(declared);
        return doc;
    }

    @Test
    void lengthsNear2To31DoNotWrapTheBoundsCheck() {
        for (int declared : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 0x7FFFFFF0}) {
            long allocated = allocatedBy(() -> {
                BsonReading.Malformed string = assertThrows(BsonReading.Malformed.class,
                        () -> BsonReading.document(lyingLength(0x02, declared), 0, 20));
                assertEquals("field 's' is a string declaring " + declared + " bytes, 9 remain (a string takes 1 byte "
                        + "or more, its terminating 0 included)", string.getMessage());
                BsonReading.Malformed binary = assertThrows(BsonReading.Malformed.class,
                        () -> BsonReading.document(lyingLength(0x05, declared), 0, 20));
                assertEquals("field 's' is cut short: expected " + declared + " bytes, 8 remain", binary.getMessage());
                return null;
            });
            assertTrue(allocated < 1 << 20, "allocated " + allocated);
        }
        byte[] oldBinary = bytes(new BsonDocument("o", new BsonBinary((byte) 2, new byte[] {1, 2})));
        // length 6 -> 2, inner length 2 -> -2: a negative inner length that matches "length less 4"
        ByteBuffer b = ByteBuffer.wrap(oldBinary).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(7, 2);
        b.putInt(12, -2);
        assertEquals("field 'o' is old binary data (subtype 2) whose inner length -2 is not its length 2 less 4",
                assertThrows(BsonReading.Malformed.class, () -> BsonReading.document(oldBinary, 0, oldBinary.length))
                        .getMessage());
    }

    @Test
    void aClientsOpReplyIsANamedProtocolError() {
        byte[] reply = WireEncoder.reply(9, 1, 0, 0L, 0, java.util.List.of(PING));
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(reply));
        assertTrue(e.getMessage().startsWith("opcode 1 (OP_REPLY) is a server's reply, which a client does not send"),
                e.getMessage());
        assertEquals(OpCodes.OP_REPLY, e.opCode());
        assertEquals(9, e.requestId());
        WireProtocolException compressed = assertThrows(WireProtocolException.class,
                () -> WireDecoder.decode(WireEncoder.compress(reply, Compressor.ZLIB)));
        assertTrue(compressed.getMessage().startsWith("opcode 1 (OP_REPLY)"), compressed.getMessage());
        assertEquals(OpCodes.OP_REPLY, WireDecoder.decodeReply(reply).opCode(), "a test playing the client reads it");
        assertThrows(WireProtocolException.class, () -> WireDecoder.decode(new byte[5]));
    }

    @Test
    void aDocumentSequenceDeclaringNearly2GigabytesIsNamed() {
        byte[] msg = WireEncoder.msg(5, 0, 0, PING, Map.of("documents", java.util.List.of(PING)));
        int kind1 = msg[20] == 1 ? 20 : 21 + ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).getInt(21);
        assertEquals(1, msg[kind1], "the document sequence's kind byte");
        ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).putInt(kind1 + 1, Integer.MAX_VALUE);
        WireProtocolException e = assertThrows(WireProtocolException.class, () -> WireDecoder.decode(msg));
        assertTrue(e.getMessage().contains("declares " + Integer.MAX_VALUE + " bytes"), e.getMessage());
    }

    private static byte[] lying(Compressor compressor, int declared) {
        byte[] compressed = WireEncoder.compress(WireEncoder.msg(1, 0, 0, PING, Map.of()), compressor);
        ByteBuffer.wrap(compressed).order(ByteOrder.LITTLE_ENDIAN).putInt(20, declared);
        return compressed;
    }

    @ParameterizedTest
    @EnumSource(value = Compressor.class, names = {"SNAPPY", "ZLIB", "ZSTD"})
    void aCompressedFrameThatLiesAboutItsSizeIsNamedAndAllocatesLittle(Compressor compressor) {
        byte[] honest = WireEncoder.compress(WireEncoder.msg(1, 0, 0, PING, Map.of()), compressor);
        int actual = ByteBuffer.wrap(honest).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
        long allocated = allocatedBy(() -> {
            WireProtocolException big = assertThrows(WireProtocolException.class,
                    () -> WireDecoder.decode(lying(compressor, 47_000_000)));
            assertTrue(big.getMessage().startsWith("OP_COMPRESSED payload does not decompress with "
                    + compressor.wireName() + ": "), big.getMessage());
            assertTrue(big.getMessage().contains("47000000"), big.getMessage());
            assertTrue(big.framingIntact());
            return null;
        });
        assertTrue(allocated < 2 << 20, compressor + " allocated " + allocated + " bytes for a "
                + honest.length + "-byte frame declaring 47 MB");
        WireProtocolException small = assertThrows(WireProtocolException.class,
                () -> WireDecoder.decode(lying(compressor, actual - 10)));
        assertTrue(small.getMessage().contains(String.valueOf(actual - 10)), small.getMessage());
        if (compressor != Compressor.SNAPPY) { // snappy's own preamble names the size, checked first
            assertTrue(small.getMessage().contains("expands past the " + (actual - 10) + " bytes the header declares"),
                    small.getMessage());
        }
    }

    @Test
    void aZstdFrameClaimingAHugeContentSizeAllocatesOnlyItsRealOutput() throws Exception {
        // A frame whose own header claims 40 MB of content, cut after its first block.
        byte[] big = com.github.luben.zstd.Zstd.compress(new byte[40_000_000]);
        byte[] cut = Arrays.copyOf(big, Math.min(big.length, 64));
        long allocated = allocatedByRunning(() -> assertThrows(IllegalArgumentException.class,
                () -> Compressor.ZSTD.decompress(cut, 40_000_000)));
        assertTrue(allocated < 8 << 20, "allocated " + allocated);
    }

    @Test
    void aSnappyLiteralLengthNear2To32IsNamed() {
        // preamble 10, then a literal with a 4-byte length of 0xFFFFFFFF (+1)
        byte[] bad = {10, (byte) (63 << 2), (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Snappy.decompress(bad, 10));
        assertEquals("snappy literal of 4294967296 bytes runs past the end of the input (2 bytes remain)",
                e.getMessage());
        assertFalse(e.getMessage().contains("-"));
    }

    private static byte[] bytes(BsonDocument doc) {
        java.nio.ByteBuffer b = new org.bson.RawBsonDocument(doc, new org.bson.codecs.BsonDocumentCodec()).getByteBuffer()
                .asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static long allocatedBy(Callable<?> body) {
        long id = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(id);
        try {
            body.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return THREADS.getThreadAllocatedBytes(id) - before;
    }

    private static long allocatedByRunning(org.junit.jupiter.api.function.Executable body) {
        return allocatedBy(() -> {
            try {
                body.execute();
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            return null;
        });
    }
}
