package org.mockupdb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.WireMessage;

/** An OP_QUERY: a legacy query, or (as {@link Command}) a command on {@code db.$cmd}. */
public sealed class OpQuery extends Request permits Command {
    /** OP_QUERY flags bit 1: the cursor stays open at the end of the data. */
    public static final int TAILABLE_CURSOR = 1 << 1;
    /** OP_QUERY flags bit 2: the query may run on a secondary. */
    public static final int SECONDARY_OK = 1 << 2;
    /** OP_QUERY flags bit 4: the cursor does not time out. */
    public static final int NO_CURSOR_TIMEOUT = 1 << 4;
    /** OP_QUERY flags bit 5: a tailable cursor waits for data. */
    public static final int AWAIT_DATA = 1 << 5;
    /** OP_QUERY flags bit 6: the client wants every batch without asking (exhaust). */
    public static final int EXHAUST = 1 << 6;
    /** OP_QUERY flags bit 7: partial results from a sharded cluster are acceptable. */
    public static final int PARTIAL = 1 << 7;

    private final WireMessage.Query query;

    OpQuery(Arrival arrival, WireMessage.Query query) {
        super(arrival);
        this.query = query;
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_QUERY;
    }

    /** {@return the query document as the client sent it} */
    public BsonDocument query() {
        return query.query();
    }

    /** {@return the returnFieldsSelector, when the client sent one} */
    public Optional<BsonDocument> fieldSelector() {
        return Optional.ofNullable(query.fieldSelector());
    }

    /** {@return the namespace queried, {@code "db.coll"} ({@code "db.$cmd"} for a command)} */
    public String fullCollectionName() {
        return query.fullCollectionName();
    }

    /** {@return how many documents the client asked to skip} */
    public int numberToSkip() {
        return query.numberToSkip();
    }

    /** {@return how many documents the client asked for in the first batch, as the wire gives it (0 for the default, negative for one batch only)} */
    public int numberToReturn() {
        return query.numberToReturn();
    }

    @Override
    public int flags() {
        return query.flags();
    }

    /** The query document. */
    @Override
    public BsonDocument body() {
        return query.query();
    }

    /** The query and, when present, the field selector. */
    @Override
    public List<BsonDocument> documents() {
        if (query.fieldSelector() == null) {
            return List.of(body());
        }
        List<BsonDocument> docs = new ArrayList<>(2);
        docs.add(body());
        docs.add(query.fieldSelector());
        return Collections.unmodifiableList(docs);
    }

    @Override
    public String database() {
        return databaseOf(query.fullCollectionName());
    }

    @Override
    public String namespace() {
        return query.fullCollectionName();
    }

    @Override
    public boolean expectsReply() {
        return true;
    }


    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + BsonValues.json(body())
                + fieldSelector().map(s -> ", fields=" + BsonValues.json(s)).orElse("")
                + ", namespace=\"" + namespace() + "\""
                + (flags() != 0 ? ", flags=" + flags() : "")
                + (numberToSkip() != 0 ? ", numberToSkip=" + numberToSkip() : "")
                + (numberToReturn() != 0 && !isCommand() ? ", numberToReturn=" + numberToReturn() : "")
                + suffix() + ")";
    }
}
