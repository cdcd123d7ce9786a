package org.mockupdb;

import java.util.List;
import org.bson.BsonDocument;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.WireMessage;

/** A legacy OP_INSERT. It gets no reply; a client that wants one follows it with getLastError. */
public final class OpInsert extends Request {
    /** OP_INSERT flags bit 0: keep inserting after an error. */
    public static final int CONTINUE_ON_ERROR = 1;

    private final WireMessage.Insert insert;

    OpInsert(Arrival arrival, WireMessage.Insert insert) {
        super(arrival);
        this.insert = insert;
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_INSERT;
    }

    /** The first inserted document, or an empty one. */
    @Override
    public BsonDocument body() {
        return insert.documents().isEmpty() ? new BsonDocument() : insert.documents().get(0);
    }

    /** The inserted documents. */
    @Override
    public List<BsonDocument> documents() {
        return insert.documents();
    }

    @Override
    public int flags() {
        return insert.flags();
    }

    @Override
    public String database() {
        return databaseOf(insert.fullCollectionName());
    }

    @Override
    public String namespace() {
        return insert.fullCollectionName();
    }

    @Override
    public boolean expectsReply() {
        return false;
    }


    @Override
    public String toString() {
        return "OpInsert(" + insert.documents().stream().map(BsonValues::json).toList() + ", namespace=\""
                + namespace() + "\"" + (flags() != 0 ? ", flags=" + flags() : "") + suffix() + ")";
    }
}
