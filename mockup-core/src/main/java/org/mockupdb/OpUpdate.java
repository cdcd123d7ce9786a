package org.mockupdb;

import java.util.List;
import org.bson.BsonDocument;
import org.mockupdb.internal.BsonValues;
import org.mockupdb.internal.wire.WireMessage;

/** A legacy OP_UPDATE. It gets no reply; a client that wants one follows it with getLastError. */
public final class OpUpdate extends Request {
    /** OP_UPDATE flags bit 0: insert when nothing matches. */
    public static final int UPSERT = 1;
    /** OP_UPDATE flags bit 1: update every matching document. */
    public static final int MULTI_UPDATE = 1 << 1;

    private final WireMessage.Update update;

    OpUpdate(Arrival arrival, WireMessage.Update update) {
        super(arrival);
        this.update = update;
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_UPDATE;
    }

    /** {@return the selector: which documents to update} */
    public BsonDocument selector() {
        return update.selector();
    }

    /** {@return the update: a replacement document or update operators} */
    public BsonDocument update() {
        return update.update();
    }

    /** The selector. */
    @Override
    public BsonDocument body() {
        return update.selector();
    }

    /** The selector and the update. */
    @Override
    public List<BsonDocument> documents() {
        return List.of(update.selector(), update.update());
    }

    @Override
    public int flags() {
        return update.flags();
    }

    @Override
    public String database() {
        return databaseOf(update.fullCollectionName());
    }

    @Override
    public String namespace() {
        return update.fullCollectionName();
    }

    @Override
    public boolean expectsReply() {
        return false;
    }


    @Override
    public String toString() {
        return "OpUpdate(" + BsonValues.json(selector()) + ", " + BsonValues.json(update()) + ", namespace=\""
                + namespace() + "\"" + (flags() != 0 ? ", flags=" + flags() : "") + suffix() + ")";
    }
}
