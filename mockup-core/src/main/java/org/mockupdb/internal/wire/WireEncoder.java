package org.mockupdb.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.bson.BsonDocument;

/**
 * Encodes messages into whole frames. The server uses the reply encoders; the request encoders
 * serve tests and tools that play the client's part.
 */
public final class WireEncoder {
    private WireEncoder() {
    }

    /** An OP_MSG; a checksum is appended when {@code flagBits} sets checksumPresent. */
    public static byte[] msg(int requestId, int responseTo, int flagBits, BsonDocument body,
                             Map<String, List<BsonDocument>> sequences) {
        ByteSink out = header(requestId, responseTo, OpCodes.OP_MSG);
        out.writeInt32(flagBits);
        out.writeByte(0);
        write(out, body);
        for (Map.Entry<String, List<BsonDocument>> sequence : sequences.entrySet()) {
            out.writeByte(1);
            int sizeAt = out.getPosition();
            out.writeInt32(0);
            out.writeCString(sequence.getKey());
            for (BsonDocument doc : sequence.getValue()) {
                write(out, doc);
            }
            out.writeInt32(sizeAt, out.getPosition() - sizeAt);
        }
        boolean checksum = (flagBits & WireMessage.Msg.CHECKSUM_PRESENT) != 0;
        if (checksum) {
            out.writeInt32(0);
        }
        byte[] bytes = finish(out);
        if (checksum) {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        }
        return bytes;
    }

    /** An OP_REPLY. */
    public static byte[] reply(int requestId, int responseTo, int responseFlags, long cursorId, int startingFrom,
                               List<BsonDocument> documents) {
        ByteSink out = header(requestId, responseTo, OpCodes.OP_REPLY);
        out.writeInt32(responseFlags);
        out.writeInt64(cursorId);
        out.writeInt32(startingFrom);
        out.writeInt32(documents.size());
        for (BsonDocument doc : documents) {
            write(out, doc);
        }
        return finish(out);
    }

    /** An OP_QUERY; {@code fieldSelector} may be null. */
    public static byte[] query(int requestId, int flags, String fullCollectionName, int numberToSkip,
                               int numberToReturn, BsonDocument query, BsonDocument fieldSelector) {
        ByteSink out = header(requestId, 0, OpCodes.OP_QUERY);
        out.writeInt32(flags);
        out.writeCString(fullCollectionName);
        out.writeInt32(numberToSkip);
        out.writeInt32(numberToReturn);
        write(out, query);
        if (fieldSelector != null) {
            write(out, fieldSelector);
        }
        return finish(out);
    }

    /** An OP_GET_MORE. */
    public static byte[] getMore(int requestId, String fullCollectionName, int numberToReturn, long cursorId) {
        ByteSink out = header(requestId, 0, OpCodes.OP_GET_MORE);
        out.writeInt32(0);
        out.writeCString(fullCollectionName);
        out.writeInt32(numberToReturn);
        out.writeInt64(cursorId);
        return finish(out);
    }

    /** An OP_KILL_CURSORS. */
    public static byte[] killCursors(int requestId, List<Long> cursorIds) {
        ByteSink out = header(requestId, 0, OpCodes.OP_KILL_CURSORS);
        out.writeInt32(0);
        out.writeInt32(cursorIds.size());
        for (long id : cursorIds) {
            out.writeInt64(id);
        }
        return finish(out);
    }

    /** An OP_INSERT. */
    public static byte[] insert(int requestId, int flags, String fullCollectionName, List<BsonDocument> documents) {
        ByteSink out = header(requestId, 0, OpCodes.OP_INSERT);
        out.writeInt32(flags);
        out.writeCString(fullCollectionName);
        for (BsonDocument doc : documents) {
            write(out, doc);
        }
        return finish(out);
    }

    /** An OP_UPDATE. */
    public static byte[] update(int requestId, String fullCollectionName, int flags, BsonDocument selector,
                                BsonDocument update) {
        ByteSink out = header(requestId, 0, OpCodes.OP_UPDATE);
        out.writeInt32(0);
        out.writeCString(fullCollectionName);
        out.writeInt32(flags);
        write(out, selector);
        write(out, update);
        return finish(out);
    }

    /** An OP_DELETE. */
    public static byte[] delete(int requestId, String fullCollectionName, int flags, BsonDocument selector) {
        ByteSink out = header(requestId, 0, OpCodes.OP_DELETE);
        out.writeInt32(0);
        out.writeCString(fullCollectionName);
        out.writeInt32(flags);
        write(out, selector);
        return finish(out);
    }

    /**
     * Wraps a whole frame in OP_COMPRESSED, keeping its request id and responseTo.
     * The noop compressor wraps it as well: the client then sees the compressor it asked for.
     */
    public static byte[] compress(byte[] frame, Compressor compressor) {
        ByteBuffer in = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int requestId = in.getInt(4);
        int responseTo = in.getInt(8);
        int opCode = in.getInt(12);
        byte[] body = new byte[frame.length - WireDecoder.HEADER_SIZE];
        System.arraycopy(frame, WireDecoder.HEADER_SIZE, body, 0, body.length);
        byte[] compressed = compressor.compress(body);
        byte[] out = new byte[WireDecoder.HEADER_SIZE + 9 + compressed.length];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(out.length).putInt(requestId).putInt(responseTo).putInt(OpCodes.OP_COMPRESSED)
                .putInt(opCode).putInt(body.length).put((byte) compressor.id()).put(compressed);
        return out;
    }

    private static ByteSink header(int requestId, int responseTo, int opCode) {
        ByteSink out = new ByteSink(256);
        out.writeInt32(0);
        out.writeInt32(requestId);
        out.writeInt32(responseTo);
        out.writeInt32(opCode);
        return out;
    }

    private static void write(ByteSink out, BsonDocument doc) {
        BsonBytes.writeDocument(out, doc);
    }

    private static byte[] finish(ByteSink out) {
        out.writeInt32(0, out.getPosition());
        return out.toByteArray();
    }
}
