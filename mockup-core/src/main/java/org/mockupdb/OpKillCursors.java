package org.mockupdb;

import java.util.List;
import org.mockupdb.internal.wire.WireMessage;

/** A legacy OP_KILL_CURSORS. It gets no reply. */
public final class OpKillCursors extends Request {
    private final List<Long> cursorIds;

    OpKillCursors(Arrival arrival, WireMessage.KillCursors kill) {
        super(arrival);
        this.cursorIds = kill.cursorIds();
    }

    @Override
    public OpCode opCode() {
        return OpCode.OP_KILL_CURSORS;
    }

    /** {@return the cursors to close} */
    public List<Long> cursorIds() {
        return cursorIds;
    }

    /** Empty: OP_KILL_CURSORS names no database. */
    @Override
    public String database() {
        return "";
    }

    /** Empty: OP_KILL_CURSORS names no namespace. */
    @Override
    public String namespace() {
        return "";
    }

    @Override
    public boolean expectsReply() {
        return false;
    }


    @Override
    public String toString() {
        return "OpKillCursors(cursorIds=" + cursorIds + suffix() + ")";
    }
}
