package org.mockupdb;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.mockupdb.internal.wire.Compressor;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.WireMessage;
import org.mockupdb.internal.wire.WireProtocolException;

/**
 * One message a client sent, decoded once: an immutable value. Its subclass names the opcode:
 * {@link OpMsg}, {@link OpQuery} (and {@link Command}, an OP_QUERY on {@code $cmd}),
 * {@link OpGetMore}, {@link OpKillCursors}, {@link OpInsert}, {@link OpUpdate}, {@link OpDelete}.
 *
 * <p>The reply methods answer on the connection the request came on, in the opcode that suits
 * it (OP_MSG to OP_MSG, OP_REPLY to OP_QUERY), compressed with the request's compressor when it
 * came compressed. They return {@code true} so a handler can end with {@code return request.ok();}.
 * A request is answered once: a second reply throws {@link IllegalStateException}. A request
 * that expects no reply (an OP_MSG with moreToCome, a legacy write, OP_KILL_CURSORS) gets none:
 * the transcript notes that the reply was dropped.
 *
 * <p>A test builds a request without a socket with {@link OpMsg#of(Bson)} or
 * {@link Command#of(String, Bson)}; its reply is only recorded, in {@link #response()}.
 */
public abstract sealed class Request permits OpMsg, OpQuery, OpGetMore, OpKillCursors, OpInsert, OpUpdate, OpDelete {
    private final Arrival arrival;
    private final AtomicReference<Response> response = new AtomicReference<>();

    Request(Arrival arrival) {
        this.arrival = Objects.requireNonNull(arrival, "arrival");
    }

    /**
     * The request a decoded frame holds.
     *
     * @throws WireProtocolException for a message only a server sends (OP_REPLY)
     */
    static Request from(Frame frame, Arrival arrival) {
        WireMessage message = frame.message();
        if (message instanceof WireMessage.Msg msg) {
            return new OpMsg(arrival, msg);
        }
        if (message instanceof WireMessage.Query query) {
            return query.fullCollectionName().endsWith(".$cmd")
                    ? new Command(arrival, query) : new OpQuery(arrival, query);
        }
        if (message instanceof WireMessage.GetMore getMore) {
            return new OpGetMore(arrival, getMore);
        }
        if (message instanceof WireMessage.KillCursors kill) {
            return new OpKillCursors(arrival, kill);
        }
        if (message instanceof WireMessage.Insert insert) {
            return new OpInsert(arrival, insert);
        }
        if (message instanceof WireMessage.Update update) {
            return new OpUpdate(arrival, update);
        }
        if (message instanceof WireMessage.Delete delete) {
            return new OpDelete(arrival, delete);
        }
        throw WireProtocolException.inFrame("expected a client's message, but the client sent an OP_REPLY, which "
                + "only a server sends", frame.requestId(), frame.opCode());
    }

    /** {@return the opcode this request came in (inside OP_COMPRESSED, the original one)} */
    public abstract OpCode opCode();

    /** {@return the request id from the message header} */
    public int requestId() {
        return arrival.requestId();
    }

    /** {@return the connection it came on} */
    public Connection connection() {
        return arrival.connection();
    }

    /**
     * {@return the server that received it (in a replica set or cluster, the member); empty for a request
     * built without a socket}
     */
    public Optional<MockupServer> server() {
        return Optional.ofNullable(arrival.server());
    }

    /** {@return the compressor of the OP_COMPRESSED it came in ("zlib", "snappy", "noop"), or empty} */
    public Optional<String> compressor() {
        return Optional.ofNullable(arrival.compressor()).map(Compressor::wireName);
    }

    /**
     * {@return whom the request's connection had authenticated as when the server read it (the user it
     * authenticated as last); empty on a connection that had not authenticated, on a server
     * without users, and for a request built without a socket} The request that completes
     * authentication (the last saslContinue) is still unauthenticated; the next is not.
     */
    public Optional<AuthenticatedUser> authenticatedUser() {
        return Optional.ofNullable(arrival.authenticatedUser());
    }

    /** {@return when the server read it} */
    public Instant receivedAt() {
        return arrival.receivedAt();
    }

    Arrival arrival() {
        return arrival;
    }

    /** {@return the reply or fault this request was answered with so far; empty while it waits for one} */
    public Optional<Response> response() {
        return Optional.ofNullable(response.get());
    }

    /** {@return whether a reply or fault was given (or is on its way, when delayed)} */
    public boolean isAnswered() {
        return response.get() != null;
    }

    /**
     * {@return the main document: an OP_MSG's body (document sequences merged in as arrays), a
     * command's or query's query, an OP_INSERT's first document, an update's or delete's
     * selector; an empty document where the opcode has none}
     */
    public BsonDocument body() {
        List<BsonDocument> docs = documents();
        return docs.isEmpty() ? new BsonDocument() : docs.get(0);
    }

    /** {@return every document of the message, in the order the opcode defines; empty where it has none} */
    public List<BsonDocument> documents() {
        return List.of();
    }

    /** {@return the database, such as {@code "db"}; empty for OP_KILL_CURSORS} */
    public abstract String database();

    /**
     * {@return the namespace, {@code "db.coll"}} For a command it is the database and the collection the
     * command names (its first value when a string, else its {@code collection} field), or
     * {@code "db.$cmd"}.
     */
    public abstract String namespace();

    /** {@return OP_MSG flagBits, or the flags field of a legacy message; 0 where the opcode has none} */
    public int flags() {
        return 0;
    }

    /** {@return the command name (the body's first key) for OP_MSG and commands; empty otherwise} */
    public Optional<String> commandName() {
        return Optional.empty();
    }

    /** {@return whether the request is a command: an OP_MSG, or an OP_QUERY on {@code $cmd}} */
    public boolean isCommand() {
        return commandName().isPresent();
    }

    /** {@return whether the client waits for a reply to this message} */
    public abstract boolean expectsReply();

    /**
     * {@return whether this request matches the spec}
     *
     * @param spec what the request must match
     */
    public boolean matches(Spec spec) {
        return spec.matches(this);
    }

    /**
     * Replies {@code {ok: 1}}.
     *
     * @return true, so that a handler can end with {@code return request.ok();}
     */
    public boolean ok() {
        return reply(Reply.ok());
    }

    /**
     * Replies these fields with {@code ok: 1} after them (unless they set {@code ok}).
     *
     * @param fields the reply's fields
     * @return true, so that a handler can end with {@code return request.ok(...);}
     */
    public boolean ok(Bson fields) {
        return reply(Reply.ok(fields));
    }

    /**
     * Replies {@code {key: value, ok: 1}}.
     *
     * @param key the field's name
     * @param value the field's value, a Java or BSON value
     * @return true, so that a handler can end with {@code return request.ok(...);}
     */
    public boolean ok(String key, Object value) {
        return reply(Reply.ok(key, value));
    }

    /**
     * Replies this document, with {@code ok: 1} added unless it sets {@code ok}: the same as
     * {@link #ok(Bson)}. {@link Reply#of(Bson...)} sends documents exactly as given.
     *
     * @param document the reply's fields
     * @return true, so that a handler can end with {@code return request.reply(...);}
     */
    public boolean reply(Bson document) {
        return reply(Reply.ok(document));
    }

    /**
     * Replies a command error {@code {ok: 0, errmsg, code, codeName}}, with the error labels mongod
     * would add for this request (see {@link Reply}).
     *
     * @param code the error code, such as 11000
     * @param errmsg the error message
     * @return true, so that a handler can end with {@code return request.commandError(...);}
     */
    public boolean commandError(int code, String errmsg) {
        return reply(Reply.commandError(code, errmsg));
    }

    /**
     * Replies a failure: {@code {ok: 0, errmsg}} to a command, a QueryFailure OP_REPLY to a legacy query.
     *
     * @param errmsg the error message
     * @return true, so that a handler can end with {@code return request.fail(...);}
     */
    public boolean fail(String errmsg) {
        return reply(Reply.failure(errmsg));
    }

    /**
     * Closes the connection instead of replying.
     *
     * @return true, so that a handler can end with {@code return request.hangUp();}
     */
    public boolean hangUp() {
        return reply(Fault.hangUp());
    }

    /**
     * Aborts the connection with a TCP reset instead of replying.
     *
     * @return true, so that a handler can end with {@code return request.reset();}
     */
    public boolean reset() {
        return reply(Fault.reset());
    }

    /**
     * Answers with this reply or fault on the request's connection; see the class description.
     * A response with a {@link Response#delay() delay} goes out later from a server thread and
     * this returns at once.
     *
     * @param response a {@link Reply} or a {@link Fault}
     * @return true, so that a handler can end with {@code return request.reply(...)}
     * @throws IllegalStateException when the request was already answered; the message names
     *     the request and the first response
     */
    public boolean reply(Response response) {
        Objects.requireNonNull(response, "response");
        Reply content = response instanceof Reply r ? r : response instanceof Fault.CutReply cut ? cut.reply() : null;
        if (content != null && content.kind() == Reply.Kind.DOCUMENTS && content.documents().size() != 1
                && isCommand() && expectsReply()) {
            throw new IllegalArgumentException("expected one document in a reply to the command " + this + ", got "
                    + content.documents().size() + ": " + content);
        }
        if (!this.response.compareAndSet(null, response)) {
            throw new IllegalStateException("expected to answer " + this + " once, but it was already answered with "
                    + describe(this.response.get()) + "; the second response was " + describe(response));
        }
        arrival.channel().send(this, response);
        return true;
    }

    /**
     * Sends one reply flagged moreToCome to this exhaust request (an OP_MSG with exhaustAllowed)
     * without answering it: the public "answer once" rule stays for {@link #reply(Response)}.
     * For the streaming hello.
     *
     * @return false when the request is not an exhaust OP_MSG, was answered already, or the
     *     connection is closed
     */
    boolean sendMoreToCome(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        if (!(this instanceof OpMsg msg) || !msg.exhaustAllowed() || isAnswered()) {
            return false;
        }
        return arrival.channel().sendMoreToCome(this, reply);
    }

    static String describe(Response response) {
        return response instanceof Fault fault ? fault.describe() : response.toString();
    }

    /** Why a request of this kind gets no reply: for the transcript. */
    String noReplyReason() {
        return opCode() + " gets no reply";
    }

    /** The ", compressor=..." part that every toString ends with. */
    String suffix() {
        return arrival.compressor() == null ? "" : ", compressor=\"" + arrival.compressor().wireName() + "\"";
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

    /** The first dot splits a full collection name into database and collection. */
    static String databaseOf(String fullCollectionName) {
        int dot = fullCollectionName.indexOf('.');
        return dot < 0 ? fullCollectionName : fullCollectionName.substring(0, dot);
    }
}
