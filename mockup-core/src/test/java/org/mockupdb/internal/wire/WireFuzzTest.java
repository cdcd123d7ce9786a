package org.mockupdb.internal.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.mockupdb.internal.BsonValues;

/**
 * Fuzz tests of the wire decoder: whatever the bytes, the frame reader and the decoder return a message
 * or throw {@link WireProtocolException}, never another throwable, and allocate no more than the input
 * justifies. Each decoded message is also rendered, which must not throw either.
 *
 * <p>In a plain {@code mvn test} (no {@code JAZZER_FUZZ}), each test replays its seed corpus, real frames
 * the Java driver sent (see the integration tests' SeedCorpusCapture), in
 * {@code src/test/resources/org/mockupdb/internal/wire/WireFuzzTestInputs/<test>/}. With
 * {@code JAZZER_FUZZ=1}, Jazzer fuzzes one test, guided by coverage (the README's "Fuzzing" section).
 */
class WireFuzzTest {
    /** Every allocation's budget: a constant for buffers and class loading, plus this much per input byte. */
    private static final long CONSTANT_BUDGET = 2L << 20;
    private static final long BYTES_PER_INPUT_BYTE = 256;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // Load and link what the first input would otherwise pay for (zstd-jni's native library among them).
        byte[] ping = WireEncoder.msg(1, 0, 0, new BsonDocument("ping", new BsonInt32(1)), Map.of());
        for (Compressor c : Compressor.values()) {
            WireDecoder.decode(WireEncoder.compress(ping, c));
        }
        BsonValues.json(new BsonDocument("ping", new BsonInt32(1)));
    }

    /** Raw bytes as a client would stream them: frames read and decoded until the stream ends or breaks. */
    @FuzzTest(maxDuration = "30s")
    void frames(byte[] stream) {
        withinBudget(stream.length, 1, () -> {
            FrameReader reader = new FrameReader(new ByteArrayInputStream(stream));
            while (true) {
                byte[] frame;
                try {
                    frame = reader.next();
                } catch (WireProtocolException e) {
                    named(e);
                    return;
                } catch (IOException e) {
                    throw new UncheckedIOException("a byte array stream cannot fail", e);
                }
                if (frame == null) {
                    return;
                }
                try {
                    render(WireDecoder.decode(frame));
                } catch (WireProtocolException e) {
                    named(e);
                    if (!e.framingIntact()) {
                        return;
                    }
                }
            }
        });
    }

    /** An OP_MSG's body (flag bits, sections, checksum) behind a header that frames it rightly. */
    @FuzzTest(maxDuration = "30s")
    void opMsg(byte[] body) {
        decodeWithin(frame(OpCodes.OP_MSG, body), body.length, 1);
    }

    /** An OP_QUERY's body behind a header that frames it rightly. */
    @FuzzTest(maxDuration = "30s")
    void opQuery(byte[] body) {
        decodeWithin(frame(OpCodes.OP_QUERY, body), body.length, 1);
    }

    /**
     * The legacy opcodes: the first byte picks OP_GET_MORE, OP_KILL_CURSORS, OP_INSERT, OP_UPDATE, OP_DELETE
     * or OP_REPLY, the rest is the body. A client's OP_REPLY must always be refused by name.
     */
    @FuzzTest(maxDuration = "30s")
    void legacy(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int[] opCodes = {OpCodes.OP_GET_MORE, OpCodes.OP_KILL_CURSORS, OpCodes.OP_INSERT, OpCodes.OP_UPDATE,
                OpCodes.OP_DELETE, OpCodes.OP_REPLY};
        int opCode = opCodes[(input[0] & 0xFF) % opCodes.length];
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        byte[] frame = frame(opCode, body);
        if (opCode == OpCodes.OP_REPLY) {
            withinBudget(input.length, 1, () -> {
                try {
                    WireDecoder.decode(frame);
                    throw new AssertionError("a client's OP_REPLY was decoded, expected a protocol error");
                } catch (WireProtocolException e) {
                    named(e);
                    assertTrue(e.getMessage().contains("OP_REPLY"), e.getMessage());
                }
                try {
                    render(WireDecoder.decodeReply(frame));
                } catch (WireProtocolException e) {
                    named(e);
                }
            });
            return;
        }
        decodeWithin(frame, body.length, 1);
    }

    /** OP_COMPRESSED with noop: original opcode (4 bytes), declared size (4 bytes), then the payload. */
    @FuzzTest(maxDuration = "30s")
    void compressedNoop(byte[] input) {
        compressed(Compressor.NOOP, input, 1);
    }

    /** OP_COMPRESSED with zlib, whose output is at most about 1,032 times its input. */
    @FuzzTest(maxDuration = "30s")
    void compressedZlib(byte[] input) {
        compressed(Compressor.ZLIB, input, 1100);
    }

    /** OP_COMPRESSED with snappy, whose copies expand 3 bytes into at most 64. */
    @FuzzTest(maxDuration = "30s")
    void compressedSnappy(byte[] input) {
        compressed(Compressor.SNAPPY, input, 64);
    }

    /** OP_COMPRESSED with zstd, whose run-length blocks expand 4 bytes into up to 128 KiB. */
    @FuzzTest(maxDuration = "30s")
    void compressedZstd(byte[] input) {
        compressed(Compressor.ZSTD, input, 32 * 1024);
    }

    /** One BSON document: read, then rendered. */
    @FuzzTest(maxDuration = "30s")
    void bson(byte[] document) {
        withinBudget(document.length, 1, () -> {
            try {
                BsonValues.json(BsonReading.document(document, 0, document.length));
            } catch (BsonReading.Malformed e) {
                assertNotNull(e.getMessage());
            }
        });
    }

    private static void compressed(Compressor compressor, byte[] input, int expansion) {
        if (input.length < 8) {
            return;
        }
        byte[] frame = new byte[WireDecoder.HEADER_SIZE + input.length + 1];
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(frame.length).putInt(7).putInt(0).putInt(OpCodes.OP_COMPRESSED);
        b.put(input, 0, 8).put((byte) compressor.id()).put(input, 8, input.length - 8);
        decodeWithin(frame, input.length, expansion);
    }

    private static void decodeWithin(byte[] frame, int inputLength, int expansion) {
        withinBudget(inputLength, expansion, () -> {
            try {
                render(WireDecoder.decode(frame));
            } catch (WireProtocolException e) {
                named(e);
            }
        });
    }

    /** The error names what was wrong, and is not the decoder's safety net catching a bug. */
    private static void named(WireProtocolException e) {
        assertNotNull(e.getMessage(), "a protocol error without a message");
        assertFalse(e.getMessage().startsWith("the decoder failed"), () -> "a decoder bug: " + e.getCause());
    }

    /** Renders every document of a decoded message, as toString() and the transcript do. */
    private static void render(Frame frame) {
        WireMessage m = frame.message();
        List<BsonDocument> docs = new java.util.ArrayList<>();
        if (m instanceof WireMessage.Msg msg) {
            docs.add(msg.body());
            msg.sequences().values().forEach(docs::addAll);
        } else if (m instanceof WireMessage.Query q) {
            docs.add(q.query());
            if (q.fieldSelector() != null) {
                docs.add(q.fieldSelector());
            }
        } else if (m instanceof WireMessage.Insert i) {
            docs.addAll(i.documents());
        } else if (m instanceof WireMessage.Update u) {
            docs.add(u.selector());
            docs.add(u.update());
        } else if (m instanceof WireMessage.Delete d) {
            docs.add(d.selector());
        } else if (m instanceof WireMessage.Reply r) {
            docs.addAll(r.documents());
        }
        for (BsonDocument doc : docs) {
            assertNotNull(BsonValues.json(doc));
        }
    }

    /**
     * Runs {@code body} and fails if this thread allocated more than the input justifies: a constant, plus
     * {@link #BYTES_PER_INPUT_BYTE} per byte of input times the most the format can expand it. A declared
     * length (a header's 48 MB, a string's 2 GB) buys nothing.
     */
    private static void withinBudget(int inputLength, int expansion, Runnable body) {
        long budget = CONSTANT_BUDGET + BYTES_PER_INPUT_BYTE * inputLength * (long) expansion;
        long allocated = allocatedBy(body);
        if (allocated > budget) {
            // A first run may load (and, fuzzing, instrument) classes on this thread: only a second counts.
            allocated = allocatedBy(body);
        }
        long second = allocated;
        assertTrue(second <= budget, () -> "decoding " + inputLength + " bytes allocated " + second
                + " bytes, over the budget of " + budget);
    }

    private static long allocatedBy(Runnable body) {
        long threadId = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(threadId);
        body.run();
        return THREADS.getThreadAllocatedBytes(threadId) - before;
    }

    private static byte[] frame(int opCode, byte[] body) {
        byte[] frame = new byte[WireDecoder.HEADER_SIZE + body.length];
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(frame.length).putInt(7).putInt(0).putInt(opCode);
        System.arraycopy(body, 0, frame, WireDecoder.HEADER_SIZE, body.length);
        return frame;
    }
}
