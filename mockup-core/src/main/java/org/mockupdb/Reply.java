package org.mockupdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

import org.bson.conversions.Bson;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.ErrorCodes;

/**
 * A reply's content, independent of the opcode it goes out in: a command reply travels as
 * OP_MSG to an OP_MSG request and as OP_REPLY to an OP_QUERY. Immutable; {@link #toBuilder()}
 * and the {@code with...} methods make changed copies.
 *
 * <pre>{@code
 * server.autoResponds("find", Reply.ok(new Document("cursor", cursorDoc)));
 * request.reply(Reply.commandError(11000, "E11000 duplicate key error"));
 * request.reply(Reply.notWritablePrimary());                 // as mongod: code, codeName and labels
 * request.reply(Reply.ok().delayedBy(Duration.ofSeconds(2)));
 * }</pre>
 *
 * <p>Error labels: unless given with {@link #withErrorLabels(String...)}, a command error gets the
 * labels mongod would add for the request it answers ({@code RetryableWriteError} on a retryable
 * write, {@code TransientTransactionError} inside a transaction), so a driver retries as it would
 * against mongod. {@code withErrorLabels()} with no labels sends none.
 */
public final class Reply implements Response {
    /** OP_REPLY responseFlags bit: the cursor id in a getMore was not found. */
    public static final int CURSOR_NOT_FOUND = 1;
    /** OP_REPLY responseFlags bit: the query failed; the single document holds {@code $err}. */
    public static final int QUERY_FAILURE = 2;
    /** OP_REPLY responseFlags bit: the server can await data on a tailable cursor. */
    public static final int AWAIT_CAPABLE = 8;

    /** What a reply holds. */
    public enum Kind {
        /** Fields with {@code ok: 1} added unless they set {@code ok}. */
        OK,
        /** Documents sent exactly as given (one to a command, any number to a legacy query). */
        DOCUMENTS,
        /** {@code {ok: 0, errmsg, code, codeName}} and any further fields. */
        COMMAND_ERROR,
        /** {@code {ok: 0, errmsg}} with no code. */
        FAILURE
    }

    private final Kind kind;
    private final List<BsonDocument> documents;
    private final int code;
    private final String errmsg;
    private final List<String> errorLabels;
    private final int responseFlags;
    private final long cursorId;
    private final int startingFrom;
    private final Duration delay;

    private Reply(Builder b) {
        this.kind = b.kind;
        this.documents = List.copyOf(b.documents);
        this.code = b.code;
        this.errmsg = b.errmsg;
        this.errorLabels = b.errorLabels == null ? null : List.copyOf(b.errorLabels);
        this.responseFlags = b.responseFlags;
        this.cursorId = b.cursorId;
        this.startingFrom = b.startingFrom;
        this.delay = b.delay;
    }

    private static Reply make(Kind kind, List<BsonDocument> documents, int code, String errmsg) {
        Builder b = new Builder(kind);
        b.documents.addAll(documents);
        b.code = code;
        b.errmsg = errmsg;
        return b.build();
    }

    /** {@return {@code {ok: 1}}} */
    public static Reply ok() {
        return make(Kind.OK, List.of(new BsonDocument()), 0, null);
    }

    /**
     * {@return these fields and {@code ok: 1} after them (unless the fields set {@code ok} themselves)}
     *
     * @param fields the reply's fields
     */
    public static Reply ok(Bson fields) {
        return make(Kind.OK, List.of(copy(fields)), 0, null);
    }

    /**
     * {@return {@code {key: value, ok: 1}}}
     *
     * @param key the field's name
     * @param value the field's value, a Java or BSON value
     */
    public static Reply ok(String key, Object value) {
        BsonDocument doc = new BsonDocument(Objects.requireNonNull(key, "key"), BsonValues.toBsonValue(value));
        return make(Kind.OK, List.of(doc), 0, null);
    }

    /**
     * {@return these documents exactly as they are, without {@code ok} added} An OP_MSG reply takes exactly
     * one; an OP_REPLY takes any number (a legacy query's batch).
     *
     * @param documents the documents to send
     */
    public static Reply of(Bson... documents) {
        return of(List.of(documents));
    }

    /**
     * {@return these documents as they are; see {@link #of(Bson...)}}
     *
     * @param documents the documents to send
     */
    public static Reply of(List<? extends Bson> documents) {
        List<BsonDocument> docs = new ArrayList<>(documents.size());
        for (Bson doc : documents) {
            docs.add(copy(doc));
        }
        return make(Kind.DOCUMENTS, docs, 0, null);
    }

    /**
     * {@return a command error, {@code {ok: 0, errmsg, code, codeName}}, with the server's codeName for
     * the codes it names (11000 is DuplicateKey)} To a legacy query it goes as a QueryFailure.
     *
     * @param code the error code
     * @param errmsg the error message
     */
    public static Reply commandError(int code, String errmsg) {
        return commandError(code, errmsg, new BsonDocument());
    }

    /**
     * {@return a command error with more fields after the usual ones}
     *
     * @param code the error code
     * @param errmsg the error message
     * @param moreFields fields after the usual ones, such as {@code topologyVersion}
     */
    public static Reply commandError(int code, String errmsg, Bson moreFields) {
        return make(Kind.COMMAND_ERROR, List.of(copy(moreFields)), code, Objects.requireNonNull(errmsg, "errmsg"));
    }

    /** {@return mongod's NotWritablePrimary (10107), which drivers retry on a new primary} */
    public static Reply notWritablePrimary() {
        return commandError(ErrorCodes.NOT_WRITABLE_PRIMARY, "not primary");
    }

    /** {@return mongod's NotPrimaryOrSecondary (13436): the member is recovering} */
    public static Reply nodeIsRecovering() {
        return commandError(ErrorCodes.NOT_PRIMARY_OR_SECONDARY, "node is recovering");
    }

    /** {@return mongod's ShutdownInProgress (91)} */
    public static Reply shutdownInProgress() {
        return commandError(ErrorCodes.SHUTDOWN_IN_PROGRESS, "The server is in quiesce mode and will shut down");
    }

    /** {@return mongod's WriteConflict (112), which drivers retry as a transient transaction error} */
    public static Reply writeConflict() {
        return commandError(ErrorCodes.WRITE_CONFLICT, "Write conflict during plan execution and yielding is "
                + "disabled.");
    }

    /**
     * {@return a failure with a message and no code: {@code {ok: 0, errmsg}} to a command, and an
     * OP_REPLY with the QueryFailure flag and {@code {$err}} to a legacy query or getMore}
     *
     * @param errmsg the error message
     */
    public static Reply failure(String errmsg) {
        return make(Kind.FAILURE, List.of(), 0, Objects.requireNonNull(errmsg, "errmsg"));
    }

    /** {@return a builder starting from this reply} */
    public Builder toBuilder() {
        Builder b = new Builder(kind);
        b.documents.addAll(documents);
        b.code = code;
        b.errmsg = errmsg;
        b.errorLabels = errorLabels == null ? null : new ArrayList<>(errorLabels);
        b.responseFlags = responseFlags;
        b.cursorId = cursorId;
        b.startingFrom = startingFrom;
        b.delay = delay;
        return b;
    }

    /**
     * OP_REPLY only: the cursor id the reply carries.
     *
     * @param id the cursor id
     * @return a changed copy
     */
    public Reply withCursorId(long id) {
        return toBuilder().cursorId(id).build();
    }

    /**
     * OP_REPLY only: the position of the first document in the cursor.
     *
     * @param position the position, from 0
     * @return a changed copy
     */
    public Reply withStartingFrom(int position) {
        return toBuilder().startingFrom(position).build();
    }

    /**
     * OP_REPLY only: responseFlags.
     *
     * @param bits the responseFlags, such as {@link #CURSOR_NOT_FOUND}
     * @return a changed copy
     */
    public Reply withResponseFlags(int bits) {
        return toBuilder().responseFlags(bits).build();
    }

    /**
     * A command error with exactly these labels instead of the ones mongod would add; none
     * suppresses them.
     *
     * @param labels the labels, such as {@code "RetryableWriteError"}
     * @return a changed copy
     * @throws IllegalStateException when this reply is not a command error
     */
    public Reply withErrorLabels(String... labels) {
        return toBuilder().errorLabels(List.of(labels)).build();
    }

    /**
     * The same reply, sent {@code delay} later from a server thread: the reply method returns at
     * once, and a connection that closes in the meantime gets nothing. For testing a client's
     * timeouts.
     *
     * @param delay zero or more
     * @return a changed copy
     */
    public Reply delayedBy(Duration delay) {
        return toBuilder().delay(delay).build();
    }

    /**
     * This reply cut short: only the first {@code bytes} bytes of its frame are written (the
     * 16-byte header declares them all), then the server closes the connection.
     *
     * @param bytes how many bytes go out, zero or more
     * @return the fault
     */
    public Fault.CutReply cutAfter(int bytes) {
        return new Fault.CutReply(this, bytes);
    }

    /** {@return what this reply holds} */
    public Kind kind() {
        return kind;
    }

    /** {@return the documents as given: the fields of an OK reply or a command error, or the documents of {@link #of}} */
    public List<BsonDocument> documents() {
        return documents;
    }

    /** {@return a command error's code; empty for other replies} */
    public Optional<Integer> code() {
        return kind == Kind.COMMAND_ERROR ? Optional.of(code) : Optional.empty();
    }

    /** {@return the error message of a command error or failure; empty for other replies} */
    public Optional<String> errmsg() {
        return Optional.ofNullable(errmsg);
    }

    /** {@return the labels given with {@link #withErrorLabels}; empty when the server adds mongod's own} */
    public Optional<List<String>> errorLabels() {
        return Optional.ofNullable(errorLabels);
    }

    /** {@return OP_REPLY responseFlags as given (QueryFailure is added for errors when sent)} */
    public int responseFlags() {
        return responseFlags;
    }

    /** {@return the OP_REPLY cursor id} */
    public long cursorId() {
        return cursorId;
    }

    /** {@return the OP_REPLY startingFrom} */
    public int startingFrom() {
        return startingFrom;
    }

    @Override
    public Duration delay() {
        return delay;
    }

    /**
     * The single document a command reply (OP_MSG, or OP_REPLY to a command) carries.
     *
     * @param labels the labels mongod would add, used unless this reply names its own
     */
    BsonDocument commandDocument(String opName, List<String> labels) {
        switch (kind) {
            case OK -> {
                BsonDocument doc = documents.get(0).clone();
                if (!doc.containsKey("ok")) {
                    doc.put("ok", new BsonInt32(1));
                }
                return doc;
            }
            case COMMAND_ERROR -> {
                return errorDocument(labels);
            }
            case FAILURE -> {
                return new BsonDocument("ok", new BsonInt32(0)).append("errmsg", new BsonString(errmsg));
            }
            default -> {
                if (documents.size() != 1) {
                    throw new IllegalArgumentException("expected one document in a reply to " + opName
                            + ", got " + documents.size() + ": " + this);
                }
                return documents.get(0);
            }
        }
    }

    /** The documents a legacy OP_REPLY carries (to a non-command OP_QUERY or OP_GET_MORE). */
    List<BsonDocument> legacyDocuments() {
        return switch (kind) {
            case DOCUMENTS -> documents;
            case OK -> List.of(commandDocument("OP_QUERY", List.of()));
            case COMMAND_ERROR -> List.of(new BsonDocument("$err", new BsonString(errmsg))
                    .append("code", new BsonInt32(code)));
            case FAILURE -> List.of(new BsonDocument("$err", new BsonString(errmsg)));
        };
    }

    /** responseFlags for a legacy OP_REPLY. */
    int legacyResponseFlags() {
        return kind == Kind.COMMAND_ERROR || kind == Kind.FAILURE ? responseFlags | QUERY_FAILURE : responseFlags;
    }

    private BsonDocument errorDocument(List<String> mongodLabels) {
        BsonDocument doc = new BsonDocument("ok", new BsonInt32(0))
                .append("errmsg", new BsonString(errmsg))
                .append("code", new BsonInt32(code));
        String name = ErrorCodes.nameOf(code);
        if (name != null) {
            doc.append("codeName", new BsonString(name));
        }
        List<String> labels = errorLabels != null ? errorLabels : mongodLabels;
        BsonDocument more = documents.get(0);
        if (!labels.isEmpty() && !more.containsKey("errorLabels")) {
            BsonArray array = new BsonArray();
            labels.forEach(l -> array.add(new BsonString(l)));
            doc.append("errorLabels", array);
        }
        for (var e : more.entrySet()) {
            doc.put(e.getKey(), e.getValue());
        }
        return doc;
    }

    private static BsonDocument copy(Bson doc) {
        return BsonValues.toBsonDocument(Objects.requireNonNull(doc, "document")).clone();
    }

    @Override
    public String toString() {
        String base = switch (kind) {
            case DOCUMENTS -> "Reply.of(" + documents.stream().map(BsonValues::json).toList() + ")";
            case OK -> "Reply.ok(" + BsonValues.json(documents.get(0)) + ")";
            case COMMAND_ERROR -> "Reply.commandError(" + code + ", \"" + errmsg + "\""
                    + (documents.get(0).isEmpty() ? "" : ", " + BsonValues.json(documents.get(0))) + ")";
            case FAILURE -> "Reply.failure(\"" + errmsg + "\")";
        };
        return base + (errorLabels == null ? "" : ".withErrorLabels(" + errorLabels + ")")
                + (cursorId == 0 ? "" : ".withCursorId(" + cursorId + ")")
                + (responseFlags == 0 ? "" : ".withResponseFlags(" + responseFlags + ")")
                + (startingFrom == 0 ? "" : ".withStartingFrom(" + startingFrom + ")")
                + (delay.isZero() ? "" : ".delayedBy(" + Replies.describe(delay) + ")");
    }

    /** Builds a {@link Reply}; start from a factory method's reply and {@link Reply#toBuilder()}. */
    public static final class Builder {
        private final Kind kind;
        private final List<BsonDocument> documents = new ArrayList<>();
        private int code;
        private String errmsg;
        private List<String> errorLabels;
        private int responseFlags;
        private long cursorId;
        private int startingFrom;
        private Duration delay = Duration.ZERO;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        /**
         * Adds or replaces a field of the reply's document (an OK reply's fields, a command
         * error's extra fields, the single document of {@link Reply#of}).
         *
         * @param name the field's name
         * @param value the field's value, a Java or BSON value
         * @return this builder
         * @throws IllegalStateException for a failure, or a reply of several documents
         */
        public Builder field(String name, Object value) {
            if (kind == Kind.FAILURE || documents.size() != 1) {
                throw new IllegalStateException("expected a reply with one document to add '" + name
                        + "' to, got a " + kind + " reply with " + documents.size());
            }
            BsonDocument doc = documents.get(0).clone();
            doc.put(Objects.requireNonNull(name, "name"), BsonValues.toBsonValue(value));
            documents.set(0, doc);
            return this;
        }

        /**
         * Exactly these error labels; see {@link Reply#withErrorLabels(String...)}.
         *
         * @param labels the labels; none suppresses mongod's
         * @return this builder
         * @throws IllegalStateException when the reply is not a command error
         */
        public Builder errorLabels(List<String> labels) {
            if (kind != Kind.COMMAND_ERROR) {
                throw new IllegalStateException("expected a command error to label, got a " + kind + " reply");
            }
            this.errorLabels = List.copyOf(labels);
            return this;
        }

        /**
         * OP_REPLY responseFlags.
         *
         * @param bits the responseFlags
         * @return this builder
         */
        public Builder responseFlags(int bits) {
            this.responseFlags = bits;
            return this;
        }

        /**
         * OP_REPLY cursor id.
         *
         * @param id the cursor id
         * @return this builder
         */
        public Builder cursorId(long id) {
            this.cursorId = id;
            return this;
        }

        /**
         * OP_REPLY startingFrom.
         *
         * @param position the position of the first document in the cursor
         * @return this builder
         */
        public Builder startingFrom(int position) {
            this.startingFrom = position;
            return this;
        }

        /**
         * How long after the reply method returns the reply goes out.
         *
         * @param delay zero or more
         * @return this builder
         */
        public Builder delay(Duration delay) {
            this.delay = Replies.checkDelay(delay);
            return this;
        }

        /** {@return the reply} */
        public Reply build() {
            return new Reply(this);
        }
    }

}
