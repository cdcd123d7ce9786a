package org.mockupdb;

import java.util.List;
import org.bson.BsonDocument;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.WireMessage;

/** A legacy OP_DELETE. It gets no reply; a client that wants one follows it with getLastError. */
public final class OpDelete extends Request {
    /** OP_DELETE flags bit 0: delete only the first matching document. */
    public static final int SINGLE_REMOVE = 1;

    private final WireMessage.Delete delete;

    OpDelete(Arrival arrival, WireMessage.Delete delete) {
        super(arrival);
        this.delete = delete;
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_DELETE;
    }

    /** {@return the selector: which documents to delete} */
    public BsonDocument selector() {
        return delete.selector();
    }

    /** The selector. */
    @Override
    public BsonDocument body() {
        return delete.selector();
    }

    @Override
    public List<BsonDocument> documents() {
        return List.of(delete.selector());
    }

    @Override
    public int flags() {
        return delete.flags();
    }

    @Override
    public String database() {
        return databaseOf(delete.fullCollectionName());
    }

    @Override
    public String namespace() {
        return delete.fullCollectionName();
    }

    @Override
    public boolean expectsReply() {
        return false;
    }


    @Override
    public String toString() {
        return "OpDelete(" + BsonValues.json(selector()) + ", namespace=\"" + namespace() + "\""
                + (flags() != 0 ? ", flags=" + flags() : "") + suffix() + ")";
    }
}
