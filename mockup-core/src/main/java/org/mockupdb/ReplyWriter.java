package org.mockupdb;

import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.bson.BsonDocument;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.ErrorLabels;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.Transcript;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.OpCodes;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireMessage;

/**
 * Writes a request's {@link Response} on its connection: a {@link Reply} encoded for the request's
 * opcode (OP_MSG to OP_MSG with a checksum when the request had one, OP_REPLY to OP_QUERY and
 * OP_GET_MORE), compressed with the request's compressor, with the error labels mongod would add;
 * or a {@link Fault} carried out. A delayed response goes out from a server thread. Every write is
 * noted in the transcript. One per connection.
 */
final class ReplyWriter implements ReplyChannel {
    private final ServerConnection connection;
    private final Transcript transcript;
    private final IntSupplier maxWireVersion;
    private final List<ResponseFilter> filters;
    /** The exhaust request streaming on this connection, and the id of its last reply; under the writer's lock. */
    private Request streaming;
    private int streamResponseTo;

    /** @param filters change each response on its way out, in order; a live list the server adds to */
    ReplyWriter(ServerConnection connection, Transcript transcript, IntSupplier maxWireVersion,
                List<ResponseFilter> filters) {
        this.connection = connection;
        this.transcript = transcript;
        this.maxWireVersion = maxWireVersion;
        this.filters = filters;
    }

    @Override
    public void send(Request request, Response original) {
        Response response = original;
        for (ResponseFilter filter : filters) {
            response = filter.filter(request, response);
        }
        if (!response.delay().isZero()) {
            Response delayed = response;
            connection.later(response.delay(), () -> write(request, delayed));
            return;
        }
        write(request, response);
    }

    @Override
    public synchronized boolean sendMoreToCome(Request request, Reply reply) {
        if (!(request instanceof OpMsg msg)) {
            return false;
        }
        int responseTo = request == streaming ? streamResponseTo : request.requestId();
        int replyId = connection.nextRequestId();
        int flags = OpMsg.MORE_TO_COME | (msg.checksumPresent() ? OpMsg.CHECKSUM_PRESENT : 0);
        byte[] encoded = WireEncoder.msg(replyId, responseTo, flags, reply.commandDocument("OP_MSG", List.of()), Map.of());
        Compressor compressor = request.arrival().compressor();
        if (!connection.send(compressor == null ? encoded : WireEncoder.compress(encoded, compressor))) {
            return false;
        }
        streaming = request;
        streamResponseTo = replyId;
        transcript.reply(request, reply, () -> describe(request, reply, List.of()) + " (moreToCome)");
        return true;
    }

    private void write(Request request, Response response) {
        if (response instanceof Fault.HangUp) {
            transcript.reply(request, response, () -> "hang-up instead of a reply to request " + request.requestId());
            connection.hangUp();
        } else if (response instanceof Fault.Reset) {
            transcript.reply(request, response, () -> "reset instead of a reply to request " + request.requestId());
            connection.reset();
        } else if (response instanceof Fault.Stall) {
            transcript.reply(request, response, () -> "stall: no reply to request " + request.requestId()
                    + "; the connection stays open until the server stops or releaseStalls()");
            request.server().ifPresent(s -> s.stalled(connection));
        } else if (response instanceof Fault.CutReply cut) {
            List<String> labels = labels(request, cut.reply());
            byte[] frame = frame(request, cut.reply(), labels);
            transcript.reply(request, response, () -> describe(request, cut.reply(), labels) + ", cut after " + cut.bytes()
                    + " of " + frame.length + " bytes, then hung up");
            connection.sendCut(frame, cut.bytes());
        } else if (response instanceof Fault.WrongResponseTo wrong) {
            List<String> labels = labels(request, wrong.reply());
            int responseTo = request.requestId() + 1;
            byte[] frame = compress(request, encode(request, wrong.reply(), connection.nextRequestId(), responseTo,
                    labels));
            sendFaulty(request, response, frame, () -> describe(request, wrong.reply(), labels)
                    + " with responseTo " + responseTo + " instead of " + request.requestId());
        } else if (response instanceof Fault.BadChecksum bad) {
            List<String> labels = labels(request, bad.reply());
            byte[] frame = WireEncoder.msg(connection.nextRequestId(), request.requestId(),
                    WireMessage.Msg.CHECKSUM_PRESENT, bad.reply().commandDocument("OP_MSG", labels), Map.of());
            frame[frame.length - 1] ^= (byte) 0xFF;
            sendFaulty(request, response, compress(request, frame), () -> "OpMsg("
                    + BsonValues.json(bad.reply().commandDocument("OP_MSG", labels)) + ") with a bad checksum");
        } else if (response instanceof Fault.CorruptBson corrupt) {
            List<String> labels = labels(request, corrupt.reply());
            byte[] frame = request instanceof OpMsg
                    ? WireEncoder.msg(connection.nextRequestId(), request.requestId(), 0,
                            corrupt.reply().commandDocument("OP_MSG", labels), Map.of())
                    : encode(request, corrupt.reply(), connection.nextRequestId(), request.requestId(), labels);
            // the type byte of the first element: after the header, flagBits, the section kind and
            // the document's length (OP_MSG); after the header, flags, cursorId, startingFrom,
            // numberReturned and the length (OP_REPLY)
            int typeByte = request instanceof OpMsg ? 16 + 4 + 1 + 4 : 16 + 4 + 8 + 4 + 4 + 4;
            if (typeByte < frame.length - 1) {
                frame[typeByte] = CORRUPT_TYPE;
            }
            sendFaulty(request, response, compress(request, frame), () -> describe(request, corrupt.reply(), labels)
                    + " with corrupt BSON: its first element's type byte set to 0x2A, no BSON type");
        } else if (response instanceof Fault.Dribble dribble) {
            List<String> labels = labels(request, dribble.reply());
            byte[] frame = frame(request, dribble.reply(), labels);
            transcript.reply(request, response, () -> describe(request, dribble.reply(), labels) + ", dribbled "
                    + dribble.bytes() + " bytes every " + Replies.describe(dribble.interval()));
            if (!connection.sendDribbled(frame, dribble.bytes(), dribble.interval())) {
                transcript.note(connection.id(), "the dribbled reply to request " + request.requestId()
                        + " was not delivered whole: the connection closed");
            }
        } else if (response instanceof Reply reply) {
            if (!request.expectsReply()) {
                connection.transcript().note(connection.id(), "no reply sent to request " + request.requestId() + ": "
                        + request.noReplyReason() + " (" + reply + ")");
                return;
            }
            List<String> labels = labels(request, reply);
            byte[] frame = frame(request, reply, labels);
            // Into the transcript before the client can read it, so that what the client does next
            // never comes before it there.
            transcript.reply(request, response, () -> describe(request, reply, labels));
            if (!connection.send(frame)) {
                transcript.note(connection.id(), "reply to request " + request.requestId()
                        + " not delivered: the connection is closed");
            }
        }
    }

    /** A type byte no BSON type has. */
    private static final byte CORRUPT_TYPE = 0x2A;

    /** Notes the faulty reply first (a client may read it, and its test the transcript, at once), then sends it. */
    private void sendFaulty(Request request, Response response, byte[] frame, java.util.function.Supplier<String> text) {
        transcript.reply(request, response, text);
        if (!connection.send(frame)) {
            transcript.note(connection.id(), "reply to request " + request.requestId()
                    + " not delivered: the connection is closed");
        }
    }

    /** The whole frame of {@code reply} to {@code request}, compressed as the request was. */
    private byte[] frame(Request request, Reply reply, List<String> labels) {
        return compress(request, encode(request, reply, connection.nextRequestId(), labels));
    }

    private static byte[] compress(Request request, byte[] encoded) {
        Compressor compressor = request.arrival().compressor();
        return compressor == null ? encoded : WireEncoder.compress(encoded, compressor);
    }

    private List<String> labels(Request request, Reply reply) {
        if (reply.kind() != Reply.Kind.COMMAND_ERROR || reply.errorLabels().isPresent()) {
            return List.of();
        }
        return ErrorLabels.forError(reply.code().orElseThrow(), request.commandName().orElse(null), request.body(),
                maxWireVersion.getAsInt());
    }

    /** The reply frame for the request's opcode, uncompressed. */
    static byte[] encode(Request request, Reply reply, int replyId, List<String> labels) {
        return encode(request, reply, replyId, request.requestId(), labels);
    }

    /** Like {@link #encode(Request, Reply, int, List)}, answering {@code responseTo}. */
    static byte[] encode(Request request, Reply reply, int replyId, int responseTo, List<String> labels) {
        if (request instanceof OpMsg msg) {
            int flags = msg.checksumPresent() ? WireMessage.Msg.CHECKSUM_PRESENT : 0;
            return WireEncoder.msg(replyId, responseTo, flags, reply.commandDocument("OP_MSG", labels), Map.of());
        }
        if (request instanceof Command) {
            return WireEncoder.reply(replyId, responseTo, reply.responseFlags(), reply.cursorId(),
                    reply.startingFrom(), List.of(reply.commandDocument("a command", labels)));
        }
        return WireEncoder.reply(replyId, responseTo, reply.legacyResponseFlags(), reply.cursorId(),
                reply.startingFrom(), reply.legacyDocuments());
    }

    /**
     * The error reply to a frame read whole but wrong, in the frame's opcode: OP_MSG gets a command
     * error, OP_QUERY a QueryFailure; null for an opcode that takes no reply.
     */
    static byte[] errorFrame(int opCode, int requestId, int replyId, Reply error) {
        if (opCode == OpCodes.OP_MSG) {
            return WireEncoder.msg(replyId, requestId, 0, error.commandDocument("OP_MSG", List.of()), Map.of());
        }
        if (opCode == OpCodes.OP_QUERY) {
            return WireEncoder.reply(replyId, requestId, error.legacyResponseFlags(), 0, 0, error.legacyDocuments());
        }
        return null;
    }

    /** The reply as the transcript shows it, rendered only when read. */
    static String describe(Request request, Reply reply, List<String> labels) {
        if (request instanceof OpMsg) {
            return "OpMsg(" + BsonValues.json(reply.commandDocument("OP_MSG", labels)) + ")" + via(request);
        }
        List<BsonDocument> docs = request instanceof Command
                ? List.of(reply.commandDocument("a command", labels)) : reply.legacyDocuments();
        int flags = request instanceof Command ? reply.responseFlags() : reply.legacyResponseFlags();
        StringBuilder sb = new StringBuilder("OpReply(");
        sb.append(docs.size() == 1 ? BsonValues.json(docs.get(0)) : docs.stream().map(BsonValues::json).toList());
        if (flags != 0) {
            sb.append(", responseFlags=").append(flags);
        }
        if (reply.cursorId() != 0) {
            sb.append(", cursorId=").append(reply.cursorId());
        }
        if (reply.startingFrom() != 0) {
            sb.append(", startingFrom=").append(reply.startingFrom());
        }
        return sb.append(')').append(via(request)).toString();
    }

    private static String via(Request request) {
        return request.compressor().map(c -> " [" + c + "]").orElse("");
    }
}
