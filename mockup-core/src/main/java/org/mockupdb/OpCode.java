package org.mockupdb;

import org.mockupdb.internal.wire.OpCodes;

/** The opcodes a client sends, one per kind of {@link Request}. */
public enum OpCode {
    OP_MSG(OpCodes.OP_MSG),
    OP_QUERY(OpCodes.OP_QUERY),
    OP_GET_MORE(OpCodes.OP_GET_MORE),
    OP_KILL_CURSORS(OpCodes.OP_KILL_CURSORS),
    OP_INSERT(OpCodes.OP_INSERT),
    OP_UPDATE(OpCodes.OP_UPDATE),
    OP_DELETE(OpCodes.OP_DELETE);

    private final int code;

    OpCode(int code) {
        this.code = code;
    }

    /** The number on the wire, 2013 for OP_MSG. */
    public int code() {
        return code;
    }
}
