package org.mockupdb;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.mockupdb.internal.BsonValues;
import org.bson.conversions.Bson;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.WireEncoder;
import org.mockupdb.internal.wire.WireMessage;

/**
 * One message a client sent, decoded once and immutable. Its subclass names the opcode:
 * {@link OpMsg}, {@link OpQuery} (and {@link Command}, an OP_QUERY on {@code $cmd}),
 * {@link OpGetMore}, {@link OpKillCursors}, {@link OpInsert}, {@link OpUpdate}, {@link OpDelete}.
 *
 * <p>The reply methods answer on the connection the request came on, in the opcode that suits
 * it (OP_MSG to OP_MSG, OP_REPLY to OP_QUERY), compressed with the request's compressor when it
 * came compressed. They return {@code true} so a handler can end with {@code return request.ok();}.
 * A request that expects no reply (an OP_MSG with moreToCome, a legacy write, OP_KILL_CURSORS)
 * gets none: the transcript notes that the reply was dropped.
 */
public abstract sealed class Request permits OpMsg, OpQuery, OpGetMore, OpKillCursors, OpInsert, OpUpdate, OpDelete {
    private final int requestId;
    private final Compressor compressor;
    private final ServerConnection connection;
    private final Instant receivedAt = Instant.now();

    Request(Frame frame, ServerConnection connection) {
        this.requestId = frame.requestId();
        this.compressor = frame.compressor();
        this.connection = connection;
    }

    static Request from(Frame frame, ServerConnection connection) {
        WireMessage message = frame.message();
        if (message instanceof WireMessage.Msg msg) {
            return new OpMsg(frame, connection, msg);
        }
        if (message instanceof WireMessage.Query query) {
            return query.fullCollectionName().endsWith(".$cmd")
                    ? new Command(frame, connection, query) : new OpQuery(frame, connection, query);
        }
        if (message instanceof WireMessage.GetMore getMore) {
            return new OpGetMore(frame, connection, getMore);
        }
        if (message instanceof WireMessage.KillCursors kill) {
            return new OpKillCursors(frame, connection, kill);
        }
        if (message instanceof WireMessage.Insert insert) {
            return new OpInsert(frame, connection, insert);
        }
        if (message instanceof WireMessage.Update update) {
            return new OpUpdate(frame, connection, update);
        }
        if (message instanceof WireMessage.Delete delete) {
            return new OpDelete(frame, connection, delete);
        }
        throw new IllegalArgumentException("a client does not send " + message.getClass().getSimpleName());
    }

    /** The opcode this request came in (inside OP_COMPRESSED, the original one). */
    public abstract OpCode opCode();

    /** The request id from the message header. */
    public int requestId() {
        return requestId;
    }

    /** The connection it came on. */
    public Connection connection() {
        return connection;
    }

    /** The compressor of the OP_COMPRESSED it came in ("zlib", "snappy", "noop"), or empty. */
    public Optional<String> compressor() {
        return Optional.ofNullable(compressor).map(Compressor::wireName);
    }

    /** When the server read it. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The main document: an OP_MSG's body (document sequences merged in as arrays), a
     * command's or query's query, an OP_INSERT's first document, an update's or delete's
     * selector; an empty document where the opcode has none.
     */
    public BsonDocument body() {
        List<BsonDocument> docs = documents();
        return docs.isEmpty() ? new BsonDocument() : docs.get(0);
    }

    /** Every document of the message, in the order the opcode defines; empty where it has none. */
    public List<BsonDocument> documents() {
        return List.of();
    }

    /** The database, such as {@code "db"}; empty for OP_KILL_CURSORS. */
    public abstract String database();

    /**
     * The namespace, {@code "db.coll"}. For a command it is the database and the collection the
     * command names (its first value when a string, else its {@code collection} field), or
     * {@code "db.$cmd"}.
     */
    public abstract String namespace();

    /** OP_MSG flagBits, or the flags field of a legacy message; 0 where the opcode has none. */
    public int flags() {
        return 0;
    }

    /** The command name (the body's first key) for OP_MSG and commands; empty otherwise. */
    public Optional<String> commandName() {
        return Optional.empty();
    }

    /** Whether the request is a command: an OP_MSG, or an OP_QUERY on {@code $cmd}. */
    public boolean isCommand() {
        return commandName().isPresent();
    }

    /** Whether the client waits for a reply to this message. */
    public abstract boolean expectsReply();

    /** Whether this request matches the spec. */
    public boolean matches(Spec spec) {
        return spec.matches(this);
    }

    /** Replies {@code {ok: 1}}. */
    public boolean ok() {
        return reply(Reply.ok());
    }

    /** Replies these fields with {@code ok: 1} after them. */
    public boolean ok(Bson fields) {
        return reply(Reply.ok(fields));
    }

    /** Replies {@code {key: value, ok: 1}}. */
    public boolean ok(String key, Object value) {
        return reply(Reply.ok(key, value));
    }

    /** Replies this document as it is. */
    public boolean reply(Bson document) {
        return reply(Reply.of(document));
    }

    /** Replies a command error {@code {ok: 0, errmsg, code, codeName}}. */
    public boolean commandError(int code, String errmsg) {
        return reply(Reply.commandError(code, errmsg));
    }

    /** Replies a failure: {@code {ok: 0, errmsg}} to a command, a QueryFailure OP_REPLY to a legacy query. */
    public boolean fail(String errmsg) {
        return reply(Reply.failure(errmsg));
    }

    /** Closes the connection instead of replying. */
    public boolean hangUp() {
        return reply(Reply.hangUp());
    }

    /** Aborts the connection with a TCP reset instead of replying. */
    public boolean reset() {
        return reply(Reply.reset());
    }

    /**
     * Sends this reply on the request's connection; see the class description. A reply
     * {@link Reply#delayedBy delayed} goes out later from a server thread and this returns at once.
     */
    public boolean reply(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        if (!reply.delay().isZero()) {
            connection.later(reply.delay(), () -> send(reply));
            return true;
        }
        send(reply);
        return true;
    }

    private void send(Reply reply) {
        if (reply.isReset()) {
            connection.reset();
            return;
        }
        if (reply.isHangUp()) {
            connection.hangUp();
            return;
        }
        if (!expectsReply()) {
            connection.transcript().note(connection.id(), "no reply sent to request " + requestId + ": "
                    + noReplyReason() + " (" + reply + ")");
            return;
        }
        int replyId = connection.nextRequestId();
        byte[] encoded = encodeReply(reply, replyId);
        byte[] frame = compressor == null ? encoded : WireEncoder.compress(encoded, compressor);
        Supplier<String> text = describeReply(reply);
        String via = compressor == null ? "" : " [" + compressor.wireName() + "]";
        if (reply.cutAfter() >= 0) {
            connection.transcript().reply(connection.id(), () -> text.get() + via + ", cut after "
                    + reply.cutAfter() + " of " + frame.length + " bytes, then hung up");
            connection.sendCut(frame, reply.cutAfter());
        } else if (connection.send(frame)) {
            connection.transcript().reply(connection.id(), () -> text.get() + via);
        } else {
            connection.transcript().note(connection.id(), "reply to request " + requestId
                    + " not delivered: the connection is closed");
        }
    }

    /**
     * The reply frame, asked only of requests that {@link #expectsReply()}: a legacy OP_REPLY
     * (the answer to OP_QUERY and OP_GET_MORE) unless the opcode answers otherwise.
     */
    byte[] encodeReply(Reply reply, int replyId) {
        return opReply(replyId, reply.legacyResponseFlags(), reply.cursorId(), reply.startingFrom(),
                reply.legacyDocuments());
    }

    /** The reply as the transcript shows it, rendered only when read. */
    Supplier<String> describeReply(Reply reply) {
        return () -> describeOpReply(reply.legacyResponseFlags(), reply.cursorId(), reply.startingFrom(),
                reply.legacyDocuments()).get();
    }

    String noReplyReason() {
        return opCode() + " gets no reply";
    }

    /** The ", compressor=..." part that every toString ends with. */
    String suffix() {
        return compressor == null ? "" : ", compressor=\"" + compressor.wireName() + "\"";
    }

    /** A command's namespace: the collection its first value names, or its collection field, or $cmd. */
    static String commandNamespace(String database, BsonDocument body) {
        if (!body.isEmpty()) {
            BsonValue first = body.get(body.getFirstKey());
            if (first.isString() && !first.asString().getValue().isEmpty()) {
                return database + "." + first.asString().getValue();
            }
            BsonValue collection = body.get("collection");
            if (collection != null && collection.isString()) {
                return database + "." + collection.asString().getValue();
            }
        }
        return database + ".$cmd";
    }

    /** An OP_REPLY answering this request. */
    byte[] opReply(int replyId, int responseFlags, long cursorId, int startingFrom, List<BsonDocument> docs) {
        return WireEncoder.reply(replyId, requestId, responseFlags, cursorId, startingFrom, docs);
    }

    static Supplier<String> describeOpReply(int responseFlags, long cursorId, int startingFrom,
                                            List<BsonDocument> docs) {
        return () -> {
            StringBuilder sb = new StringBuilder("OpReply(");
            sb.append(docs.size() == 1 ? BsonValues.json(docs.get(0))
                    : docs.stream().map(BsonValues::json).toList().toString());
            if (responseFlags != 0) {
                sb.append(", responseFlags=").append(responseFlags);
            }
            if (cursorId != 0) {
                sb.append(", cursorId=").append(cursorId);
            }
            if (startingFrom != 0) {
                sb.append(", startingFrom=").append(startingFrom);
            }
            return sb.append(')').toString();
        };
    }

    /** The first dot splits a full collection name into database and collection. */
    static String databaseOf(String fullCollectionName) {
        int dot = fullCollectionName.indexOf('.');
        return dot < 0 ? fullCollectionName : fullCollectionName.substring(0, dot);
    }
}
