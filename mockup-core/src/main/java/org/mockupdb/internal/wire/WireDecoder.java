package org.mockupdb.internal.wire;

import static org.mockupdb.internal.wire.OpCodes.OP_COMPRESSED;
import static org.mockupdb.internal.wire.OpCodes.OP_DELETE;
import static org.mockupdb.internal.wire.OpCodes.OP_GET_MORE;
import static org.mockupdb.internal.wire.OpCodes.OP_INSERT;
import static org.mockupdb.internal.wire.OpCodes.OP_KILL_CURSORS;
import static org.mockupdb.internal.wire.OpCodes.OP_MSG;
import static org.mockupdb.internal.wire.OpCodes.OP_QUERY;
import static org.mockupdb.internal.wire.OpCodes.OP_REPLY;
import static org.mockupdb.internal.wire.OpCodes.OP_UPDATE;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.bson.BsonDocument;

/**
 * Decodes one whole frame (header included) into a {@link Frame}. Every malformed input ends
 * in a {@link WireProtocolException} whose message says what was expected and what was found.
 */
public final class WireDecoder {
    /** Largest message a MongoDB server accepts, and so the largest we read. */
    public static final int MAX_MESSAGE_SIZE = 48_000_000;
    public static final int HEADER_SIZE = 16;

    private static final int OP_MSG_RESERVED_BITS = 0xFFFC; // bits 2 to 15

    private WireDecoder() {
    }

    /**
     * Decodes a message a client sent: OP_MSG, OP_QUERY, the legacy OP_GET_MORE, OP_KILL_CURSORS, OP_INSERT,
     * OP_UPDATE and OP_DELETE, or any of them in OP_COMPRESSED. Whatever the bytes, this returns a frame or
     * throws {@link WireProtocolException}: an OP_REPLY (a server's reply) or an opcode no client sends is a
     * protocol error like any other.
     */
    public static Frame decode(byte[] frame) {
        return decode(frame, false);
    }

    /**
     * Decodes a message a server sent (OP_MSG or OP_REPLY, compressed or not), for tests that play the
     * client.
     */
    public static Frame decodeReply(byte[] frame) {
        return decode(frame, true);
    }

    private static Frame decode(byte[] frame, boolean fromServer) {
        if (frame.length < HEADER_SIZE) {
            throw WireProtocolException.fatal("a message of " + frame.length
                    + " bytes is shorter than the 16-byte message header");
        }
        try {
            return decodeChecked(frame, fromServer);
        } catch (WireProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not reachable from any input the fuzz suite has found; kept so that a decoder bug costs one
            // connection a named error, not its thread.
            throw WireProtocolException.fatal("the decoder failed on this message: " + e, e);
        }
    }

    private static Frame decodeChecked(byte[] frame, boolean fromServer) {
        ByteBuffer buf = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int length = buf.getInt();
        int requestId = buf.getInt();
        int responseTo = buf.getInt();
        int opCode = buf.getInt();
        if (length != frame.length) {
            throw WireProtocolException.fatal("message header declares " + length + " bytes, frame has " + frame.length);
        }
        if (opCode == OP_COMPRESSED) {
            return decodeCompressed(buf, length, requestId, responseTo, fromServer);
        }
        try {
            expectFrom(fromServer, opCode);
            return new Frame(length, requestId, responseTo, opCode, null, decodeBody(opCode, frame, buf));
        } catch (WireProtocolException e) {
            throw e.inMessage(requestId, opCode);
        }
    }

    /** Refuses an opcode that the peer does not send: a client sends requests, a server OP_MSG or OP_REPLY. */
    private static void expectFrom(boolean fromServer, int opCode) {
        if (fromServer) {
            if (opCode != OP_MSG && opCode != OP_REPLY) {
                throw WireProtocolException.inFrame(OpCodes.name(opCode) + " is not a reply: a server answers "
                        + "with 2013 (OP_MSG) or 1 (OP_REPLY)", 0, opCode);
            }
            return;
        }
        switch (opCode) {
            case OP_MSG, OP_QUERY, OP_GET_MORE, OP_KILL_CURSORS, OP_INSERT, OP_UPDATE, OP_DELETE -> {
            }
            case OP_REPLY -> throw WireProtocolException.inFrame("opcode 1 (OP_REPLY) is a server's reply, which "
                    + "a client does not send; expected a request: 2013 (OP_MSG), 2004 (OP_QUERY), 2005, 2006, "
                    + "2007, 2001, 2002 or 2012", 0, opCode);
            default -> throw WireProtocolException.inFrame("unknown opcode " + opCode + ", expected one of "
                    + "2013 (OP_MSG), 2004 (OP_QUERY), 2005, 2006, 2007, 2001, 2002 or 2012", 0, opCode);
        }
    }

    private static Frame decodeCompressed(ByteBuffer buf, int length, int requestId, int responseTo,
                                          boolean fromServer) {
        if (buf.remaining() < 9) {
            throw WireProtocolException.inFrame("OP_COMPRESSED needs 9 bytes after the header, found "
                    + buf.remaining(), requestId, OP_COMPRESSED);
        }
        int originalOpCode = buf.getInt();
        int uncompressedSize = buf.getInt();
        int compressorId = buf.get() & 0xFF;
        if (originalOpCode == OP_COMPRESSED) {
            throw WireProtocolException.inFrame("OP_COMPRESSED wraps another OP_COMPRESSED", requestId, OP_COMPRESSED);
        }
        try {
            expectFrom(fromServer, originalOpCode);
        } catch (WireProtocolException e) {
            throw e.inMessage(requestId, originalOpCode);
        }
        if (uncompressedSize < 0 || uncompressedSize > MAX_MESSAGE_SIZE - HEADER_SIZE) {
            throw WireProtocolException.inFrame("OP_COMPRESSED declares an uncompressed size of " + uncompressedSize
                    + " bytes, expected 0 to " + (MAX_MESSAGE_SIZE - HEADER_SIZE), requestId, originalOpCode);
        }
        Compressor compressor = Compressor.byId(compressorId).orElseThrow(() -> WireProtocolException.inFrame(
                "OP_COMPRESSED names unknown compressor id " + compressorId + ", expected 0 (noop), 1 (snappy), "
                        + "2 (zlib) or 3 (zstd)", requestId, originalOpCode));
        if (!compressor.isSupported()) {
            throw WireProtocolException.inFrame("OP_COMPRESSED uses compressor " + compressor.wireName()
                    + ", which this server does not support without com.github.luben:zstd-jni on the class path",
                    requestId, originalOpCode);
        }
        byte[] compressed = new byte[buf.remaining()];
        buf.get(compressed);
        byte[] body;
        try {
            body = compressor.decompress(compressed, uncompressedSize);
        } catch (RuntimeException e) {
            throw WireProtocolException.inFrame("OP_COMPRESSED payload does not decompress with "
                    + compressor.wireName() + ": " + e.getMessage(), requestId, originalOpCode);
        }
        byte[] original = new byte[HEADER_SIZE + body.length];
        ByteBuffer header = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(original.length).putInt(requestId).putInt(responseTo).putInt(originalOpCode);
        System.arraycopy(body, 0, original, HEADER_SIZE, body.length);
        ByteBuffer inner = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).position(HEADER_SIZE);
        try {
            return new Frame(length, requestId, responseTo, originalOpCode, compressor,
                    decodeBody(originalOpCode, original, inner));
        } catch (WireProtocolException e) {
            throw e.inMessage(requestId, originalOpCode);
        }
    }

    private static WireMessage decodeBody(int opCode, byte[] frame, ByteBuffer buf) {
        return switch (opCode) {
            case OP_MSG -> decodeMsg(frame, buf);
            case OP_QUERY -> decodeQuery(buf);
            case OP_GET_MORE -> {
                zero(buf, "OP_GET_MORE");
                String ns = cstring(buf, "OP_GET_MORE fullCollectionName");
                int numberToReturn = int32(buf, "OP_GET_MORE numberToReturn");
                long cursorId = int64(buf, "OP_GET_MORE cursorID");
                end(buf, "OP_GET_MORE");
                yield new WireMessage.GetMore(ns, numberToReturn, cursorId);
            }
            case OP_KILL_CURSORS -> {
                zero(buf, "OP_KILL_CURSORS");
                int count = int32(buf, "OP_KILL_CURSORS numberOfCursorIDs");
                if (count < 0 || (long) count * 8 != buf.remaining()) {
                    throw WireProtocolException.inFrame("OP_KILL_CURSORS declares " + count + " cursor ids, "
                            + buf.remaining() + " bytes follow (expected " + (8L * Math.max(0, count)) + ")", 0, opCode);
                }
                List<Long> ids = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ids.add(buf.getLong());
                }
                yield new WireMessage.KillCursors(Collections.unmodifiableList(ids));
            }
            case OP_INSERT -> {
                int flags = int32(buf, "OP_INSERT flags");
                String ns = cstring(buf, "OP_INSERT fullCollectionName");
                List<BsonDocument> docs = new ArrayList<>();
                while (buf.hasRemaining()) {
                    docs.add(document(buf, buf.limit(), "OP_INSERT document " + docs.size()));
                }
                yield new WireMessage.Insert(flags, ns, Collections.unmodifiableList(docs));
            }
            case OP_UPDATE -> {
                zero(buf, "OP_UPDATE");
                String ns = cstring(buf, "OP_UPDATE fullCollectionName");
                int flags = int32(buf, "OP_UPDATE flags");
                BsonDocument selector = document(buf, buf.limit(), "OP_UPDATE selector");
                BsonDocument update = document(buf, buf.limit(), "OP_UPDATE update");
                end(buf, "OP_UPDATE");
                yield new WireMessage.Update(ns, flags, selector, update);
            }
            case OP_DELETE -> {
                zero(buf, "OP_DELETE");
                String ns = cstring(buf, "OP_DELETE fullCollectionName");
                int flags = int32(buf, "OP_DELETE flags");
                BsonDocument selector = document(buf, buf.limit(), "OP_DELETE selector");
                end(buf, "OP_DELETE");
                yield new WireMessage.Delete(ns, flags, selector);
            }
            case OP_REPLY -> {
                int flags = int32(buf, "OP_REPLY responseFlags");
                long cursorId = int64(buf, "OP_REPLY cursorID");
                int startingFrom = int32(buf, "OP_REPLY startingFrom");
                int numberReturned = int32(buf, "OP_REPLY numberReturned");
                List<BsonDocument> docs = new ArrayList<>();
                while (buf.hasRemaining()) {
                    docs.add(document(buf, buf.limit(), "OP_REPLY document " + docs.size()));
                }
                if (docs.size() != numberReturned) {
                    throw WireProtocolException.inFrame("OP_REPLY declares " + numberReturned + " documents, holds "
                            + docs.size(), 0, opCode);
                }
                yield new WireMessage.Reply(flags, cursorId, startingFrom, Collections.unmodifiableList(docs));
            }
            default -> throw WireProtocolException.inFrame("unknown opcode " + opCode + ", expected one of 2013 (OP_MSG), "
                    + "2004 (OP_QUERY), 2005, 2006, 2007, 2001, 2002 or 2012", 0, opCode);
        };
    }

    private static WireMessage.Msg decodeMsg(byte[] frame, ByteBuffer buf) {
        int flagBits = int32(buf, "OP_MSG flagBits");
        if ((flagBits & OP_MSG_RESERVED_BITS) != 0) {
            throw WireProtocolException.inFrame(String.format("OP_MSG flagBits 0x%08x set reserved bits 0x%04x; "
                    + "only bits 0 (checksumPresent), 1 (moreToCome) and 16 (exhaustAllowed) and bits above 16 "
                    + "may be set", flagBits, flagBits & OP_MSG_RESERVED_BITS), 0, OP_MSG);
        }
        int end = buf.limit();
        if ((flagBits & WireMessage.Msg.CHECKSUM_PRESENT) != 0) {
            if (end - buf.position() < 4) {
                throw WireProtocolException.inFrame("OP_MSG sets checksumPresent but has no room for the checksum",
                        0, OP_MSG);
            }
            end -= 4;
            int expected = buf.getInt(end);
            CRC32C crc = new CRC32C();
            crc.update(frame, 0, end);
            int computed = (int) crc.getValue();
            if (computed != expected) {
                throw WireProtocolException.inFrame(String.format("OP_MSG checksum mismatch: message carries 0x%08x, "
                        + "its CRC-32C is 0x%08x", expected, computed), 0, OP_MSG);
            }
        }
        BsonDocument body = null;
        int bodies = 0;
        Map<String, List<BsonDocument>> sequences = new LinkedHashMap<>();
        if (buf.position() == end) {
            throw WireProtocolException.inFrame("OP_MSG has no sections, expected one body section (kind 0)", 0, OP_MSG);
        }
        while (buf.position() < end) {
            int at = buf.position();
            int kind = buf.get() & 0xFF;
            if (kind == 0) {
                bodies++;
                BsonDocument doc = document(buf, end, "OP_MSG body section (kind 0)");
                if (body == null) {
                    body = doc;
                }
            } else if (kind == 1) {
                if (end - buf.position() < 4) {
                    throw WireProtocolException.inFrame("OP_MSG document sequence at byte " + at
                            + " is cut short before its size", 0, OP_MSG);
                }
                int size = buf.getInt();
                if (size < 5 || size > end - at - 1) {
                    throw WireProtocolException.inFrame("OP_MSG document sequence at byte " + at + " declares "
                            + size + " bytes, " + (end - buf.position() + 4) + " remain", 0, OP_MSG);
                }
                int sectionEnd = at + 1 + size;
                String identifier = cstring(buf, sectionEnd, "OP_MSG document sequence identifier");
                List<BsonDocument> docs = new ArrayList<>();
                while (buf.position() < sectionEnd) {
                    docs.add(document(buf, sectionEnd, "OP_MSG document sequence '" + identifier + "' document "
                            + docs.size()));
                }
                if (sequences.containsKey(identifier)) {
                    throw WireProtocolException.inFrame("OP_MSG has two document sequences named '" + identifier
                            + "'", 0, OP_MSG);
                }
                sequences.put(identifier, Collections.unmodifiableList(docs));
            } else {
                throw WireProtocolException.inFrame("OP_MSG section at byte " + at + " has kind " + kind
                        + ", expected 0 (body) or 1 (document sequence)", 0, OP_MSG);
            }
        }
        if (bodies != 1) {
            throw WireProtocolException.inFrame("OP_MSG has " + bodies + " body sections (kind 0), expected exactly one",
                    0, OP_MSG);
        }
        for (String identifier : sequences.keySet()) {
            if (body.containsKey(identifier)) {
                throw WireProtocolException.inFrame("OP_MSG names '" + identifier
                        + "' both in its body and as a document sequence", 0, OP_MSG);
            }
        }
        return new WireMessage.Msg(flagBits, body, Collections.unmodifiableMap(sequences));
    }

    private static WireMessage.Query decodeQuery(ByteBuffer buf) {
        int flags = int32(buf, "OP_QUERY flags");
        String ns = cstring(buf, "OP_QUERY fullCollectionName");
        int skip = int32(buf, "OP_QUERY numberToSkip");
        int numberToReturn = int32(buf, "OP_QUERY numberToReturn");
        BsonDocument query = document(buf, buf.limit(), "OP_QUERY query");
        BsonDocument selector = buf.hasRemaining() ? document(buf, buf.limit(), "OP_QUERY returnFieldsSelector") : null;
        end(buf, "OP_QUERY");
        return new WireMessage.Query(flags, ns, skip, numberToReturn, query, selector);
    }

    private static BsonDocument document(ByteBuffer buf, int limit, String where) {
        int start = buf.position();
        BsonDocument doc;
        try {
            doc = BsonReading.document(buf.array(), buf.arrayOffset() + start, buf.arrayOffset() + limit);
        } catch (BsonReading.Malformed e) {
            throw WireProtocolException.invalidBson("invalid BSON in " + where + ": " + e.getMessage(), e, 0, 0,
                    e.code());
        } catch (RuntimeException e) {
            throw WireProtocolException.invalidBson("invalid BSON in " + where + ": " + e, e, 0, 0);
        }
        buf.position(start + buf.getInt(start)); // read whole, so its declared length is right
        return doc;
    }

    private static String cstring(ByteBuffer buf, String where) {
        return cstring(buf, buf.limit(), where);
    }

    private static String cstring(ByteBuffer buf, int limit, String where) {
        int start = buf.position();
        for (int i = start; i < limit; i++) {
            if (buf.get(i) == 0) {
                String s = new String(buf.array(), buf.arrayOffset() + start, i - start, StandardCharsets.UTF_8);
                buf.position(i + 1);
                return s;
            }
        }
        throw WireProtocolException.inFrame(where + " is not terminated by a 0 byte", 0, 0);
    }

    private static int int32(ByteBuffer buf, String where) {
        if (buf.remaining() < 4) {
            throw WireProtocolException.inFrame(where + " is cut short: expected 4 bytes, found " + buf.remaining(), 0, 0);
        }
        return buf.getInt();
    }

    private static long int64(ByteBuffer buf, String where) {
        if (buf.remaining() < 8) {
            throw WireProtocolException.inFrame(where + " is cut short: expected 8 bytes, found " + buf.remaining(), 0, 0);
        }
        return buf.getLong();
    }

    private static void zero(ByteBuffer buf, String opName) {
        int zero = int32(buf, opName + " reserved ZERO field");
        if (zero != 0) {
            throw WireProtocolException.inFrame(opName + " reserved field must be 0, found " + zero, 0, 0);
        }
    }

    private static void end(ByteBuffer buf, String opName) {
        if (buf.hasRemaining()) {
            throw WireProtocolException.inFrame(opName + " has " + buf.remaining()
                    + " unexpected bytes after its last field", 0, 0);
        }
    }
}
