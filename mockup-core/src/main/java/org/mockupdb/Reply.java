package org.mockupdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.conversions.Bson;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.ErrorCodes;

/**
 * What the server answers, independent of the opcode it goes out in: a command reply travels
 * as OP_MSG to an OP_MSG request and as OP_REPLY to an OP_QUERY. Immutable; the
 * {@code with...} methods return a new reply.
 *
 * <pre>{@code
 * server.autoResponds("find", Reply.ok(new Document("cursor", cursorDoc)));
 * request.reply(Reply.commandError(11000, "E11000 duplicate key error"));
 * }</pre>
 */
public final class Reply {
    /** OP_REPLY responseFlags bit: the cursor id in a getMore was not found. */
    public static final int CURSOR_NOT_FOUND = 1;
    /** OP_REPLY responseFlags bit: the query failed; the single document holds {@code $err}. */
    public static final int QUERY_FAILURE = 2;
    /** OP_REPLY responseFlags bit: the server can await data on a tailable cursor. */
    public static final int AWAIT_CAPABLE = 8;

    enum Kind { DOCUMENTS, OK, COMMAND_ERROR, FAILURE, HANG_UP, RESET }

    private final Kind kind;
    private final List<BsonDocument> documents;
    private final int code;
    private final String errmsg;
    private final int responseFlags;
    private final long cursorId;
    private final int startingFrom;
    private final Duration delay;
    private final int cutAfter;

    private Reply(Kind kind, List<BsonDocument> documents, int code, String errmsg, int responseFlags, long cursorId,
                  int startingFrom) {
        this(kind, documents, code, errmsg, responseFlags, cursorId, startingFrom, Duration.ZERO, -1);
    }

    private Reply(Kind kind, List<BsonDocument> documents, int code, String errmsg, int responseFlags, long cursorId,
                  int startingFrom, Duration delay, int cutAfter) {
        this.kind = kind;
        this.documents = documents;
        this.code = code;
        this.errmsg = errmsg;
        this.responseFlags = responseFlags;
        this.cursorId = cursorId;
        this.startingFrom = startingFrom;
        this.delay = delay;
        this.cutAfter = cutAfter;
    }

    /** {@code {ok: 1}}. */
    public static Reply ok() {
        return new Reply(Kind.OK, List.of(new BsonDocument()), 0, null, 0, 0, 0);
    }

    /** These fields and {@code ok: 1} after them (unless the fields set {@code ok} themselves). */
    public static Reply ok(Bson fields) {
        return new Reply(Kind.OK, List.of(copy(fields)), 0, null, 0, 0, 0);
    }

    /** {@code {key: value, ok: 1}}. */
    public static Reply ok(String key, Object value) {
        BsonDocument doc = new BsonDocument(Objects.requireNonNull(key, "key"), BsonValues.toBsonValue(value));
        return new Reply(Kind.OK, List.of(doc), 0, null, 0, 0, 0);
    }

    /**
     * These documents as they are. An OP_MSG reply takes exactly one; an OP_REPLY takes any
     * number (a legacy query's batch).
     */
    public static Reply of(Bson... documents) {
        return of(List.of(documents));
    }

    /** These documents as they are; see {@link #of(Bson...)}. */
    public static Reply of(List<? extends Bson> documents) {
        List<BsonDocument> docs = new ArrayList<>(documents.size());
        for (Bson doc : documents) {
            docs.add(copy(doc));
        }
        return new Reply(Kind.DOCUMENTS, Collections.unmodifiableList(docs), 0, null, 0, 0, 0);
    }

    /**
     * A command error, {@code {ok: 0, errmsg, code, codeName}}, with the server's codeName for
     * the codes it names (11000 is DuplicateKey). To a legacy query it goes as a QueryFailure.
     */
    public static Reply commandError(int code, String errmsg) {
        return commandError(code, errmsg, new BsonDocument());
    }

    /** A command error with more fields after the usual ones, such as {@code errorLabels}. */
    public static Reply commandError(int code, String errmsg, Bson moreFields) {
        return new Reply(Kind.COMMAND_ERROR, List.of(copy(moreFields)), code,
                Objects.requireNonNull(errmsg, "errmsg"), 0, 0, 0);
    }

    /**
     * A failure with a message and no code: {@code {ok: 0, errmsg}} to a command, and an
     * OP_REPLY with the QueryFailure flag and {@code {$err}} to a legacy query or getMore.
     */
    public static Reply failure(String errmsg) {
        return new Reply(Kind.FAILURE, List.of(), 0, Objects.requireNonNull(errmsg, "errmsg"), 0, 0, 0);
    }

    /** No reply at all: the server closes the connection instead. */
    public static Reply hangUp() {
        return new Reply(Kind.HANG_UP, List.of(), 0, null, 0, 0, 0);
    }

    /**
     * No reply at all: the server aborts the connection with a TCP reset, which a client reads
     * as "connection reset by peer" rather than an orderly end of stream.
     */
    public static Reply reset() {
        return new Reply(Kind.RESET, List.of(), 0, null, 0, 0, 0);
    }

    /** OP_REPLY only: the cursor id the reply carries. */
    public Reply withCursorId(long id) {
        return new Reply(kind, documents, code, errmsg, responseFlags, id, startingFrom, delay, cutAfter);
    }

    /** OP_REPLY only: the position of the first document in the cursor. */
    public Reply withStartingFrom(int position) {
        return new Reply(kind, documents, code, errmsg, responseFlags, cursorId, position, delay, cutAfter);
    }

    /** OP_REPLY only: responseFlags, such as {@link #CURSOR_NOT_FOUND}. */
    public Reply withResponseFlags(int bits) {
        return new Reply(kind, documents, code, errmsg, bits, cursorId, startingFrom, delay, cutAfter);
    }

    /**
     * The same reply (or hang-up, or reset), sent {@code delay} later from a server thread: the
     * reply method returns at once, and a connection that closes in the meantime gets nothing.
     * For testing a client's timeouts.
     */
    public Reply delayedBy(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("expected a delay of zero or more, got " + delay);
        }
        return new Reply(kind, documents, code, errmsg, responseFlags, cursorId, startingFrom, delay, cutAfter);
    }

    /**
     * The same reply cut short: only its first {@code bytes} bytes are written (the 16-byte
     * header declares them all), then the server closes the connection.
     */
    public Reply cutAfter(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("expected a byte count of zero or more, got " + bytes);
        }
        if (kind == Kind.HANG_UP || kind == Kind.RESET) {
            throw new IllegalStateException("a " + (kind == Kind.RESET ? "reset" : "hang-up")
                    + " sends no bytes to cut");
        }
        return new Reply(kind, documents, code, errmsg, responseFlags, cursorId, startingFrom, delay, bytes);
    }

    /** Whether this reply closes the connection instead of answering (a hang-up or a reset). */
    public boolean isHangUp() {
        return kind == Kind.HANG_UP || kind == Kind.RESET;
    }

    boolean isReset() {
        return kind == Kind.RESET;
    }

    Duration delay() {
        return delay;
    }

    /** How many bytes of the frame to send before hanging up, or -1 to send it whole. */
    int cutAfter() {
        return cutAfter;
    }

    /** The single document a command reply (OP_MSG, or OP_REPLY to a command) carries. */
    BsonDocument commandDocument(String opName) {
        switch (kind) {
            case OK -> {
                BsonDocument doc = documents.get(0).clone();
                if (!doc.containsKey("ok")) {
                    doc.put("ok", new BsonInt32(1));
                }
                return doc;
            }
            case COMMAND_ERROR -> {
                return errorDocument();
            }
            case FAILURE -> {
                return new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString(errmsg));
            }
            case DOCUMENTS -> {
                if (documents.size() != 1) {
                    throw new IllegalArgumentException("a reply to " + opName + " holds exactly one document, this one has "
                            + documents.size());
                }
                return documents.get(0);
            }
            default -> throw new IllegalStateException("a hang-up has no document");
        }
    }

    /** The documents a legacy OP_REPLY carries (to a non-command OP_QUERY or OP_GET_MORE). */
    List<BsonDocument> legacyDocuments() {
        return switch (kind) {
            case DOCUMENTS -> documents;
            case OK -> List.of(commandDocument("OP_QUERY"));
            case COMMAND_ERROR -> List.of(new BsonDocument("$err", new BsonString(errmsg))
                    .append("code", new BsonInt32(code)));
            case FAILURE -> List.of(new BsonDocument("$err", new BsonString(errmsg)));
            case HANG_UP, RESET -> throw new IllegalStateException("a hang-up has no document");
        };
    }

    /** responseFlags for a legacy OP_REPLY. */
    int legacyResponseFlags() {
        return kind == Kind.COMMAND_ERROR || kind == Kind.FAILURE ? responseFlags | QUERY_FAILURE : responseFlags;
    }

    long cursorId() {
        return cursorId;
    }

    int startingFrom() {
        return startingFrom;
    }

    int responseFlags() {
        return responseFlags;
    }

    private BsonDocument errorDocument() {
        BsonDocument doc = new BsonDocument("ok", new BsonInt32(0))
                .append("errmsg", new BsonString(errmsg))
                .append("code", new BsonInt32(code));
        String name = ErrorCodes.nameOf(code);
        if (name != null) {
            doc.append("codeName", new BsonString(name));
        }
        doc.putAll(documents.get(0));
        return doc;
    }

    private static BsonDocument copy(Bson doc) {
        return BsonValues.toBsonDocument(Objects.requireNonNull(doc, "document")).clone();
    }

    @Override
    public String toString() {
        String modifiers = (delay.isZero() ? "" : ".delayedBy(" + delay + ")")
                + (cutAfter < 0 ? "" : ".cutAfter(" + cutAfter + ")");
        return describe() + modifiers;
    }

    private String describe() {
        return switch (kind) {
            case HANG_UP -> "Reply.hangUp()";
            case RESET -> "Reply.reset()";
            case DOCUMENTS -> "Reply.of(" + documents.stream().map(BsonValues::json).toList() + ")";
            case OK -> "Reply.ok(" + BsonValues.json(documents.get(0)) + ")";
            case COMMAND_ERROR -> "Reply.commandError(" + code + ", \"" + errmsg + "\")";
            case FAILURE -> "Reply.failure(\"" + errmsg + "\")";
        };
    }
}
