package org.mockupdb;

import org.mockupdb.internal.wire.WireMessage;

/** A legacy OP_GET_MORE: the next batch of a cursor opened by an OP_QUERY. */
public final class OpGetMore extends Request {
    private final WireMessage.GetMore getMore;

    OpGetMore(Arrival arrival, WireMessage.GetMore getMore) {
        super(arrival);
        this.getMore = getMore;
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_GET_MORE;
    }

    /** {@return the cursor to read from} */
    public long cursorId() {
        return getMore.cursorId();
    }

    /** {@return how many documents the client asked for in the next batch (0 for the server's default)} */
    public int numberToReturn() {
        return getMore.numberToReturn();
    }

    @Override
    public String database() {
        return databaseOf(getMore.fullCollectionName());
    }

    @Override
    public String namespace() {
        return getMore.fullCollectionName();
    }

    @Override
    public boolean expectsReply() {
        return true;
    }


    @Override
    public String toString() {
        return "OpGetMore(cursorId=" + cursorId() + ", numberToReturn=" + numberToReturn() + ", namespace=\""
                + namespace() + "\"" + suffix() + ")";
    }
}
