package org.mockupdb;

import org.mockupdb.internal.wire.OpCodes;

/** The opcodes a client sends, one per kind of {@link Request}. */
public enum OpCode {
    /** OP_MSG (2013), every command since MongoDB 3.6: an {@link OpMsg}. */
    OP_MSG(OpCodes.OP_MSG),
    /** OP_QUERY (2004), a legacy query or a command on {@code $cmd}: an {@link OpQuery} or a {@link Command}. */
    OP_QUERY(OpCodes.OP_QUERY),
    /** OP_GET_MORE (2005), a legacy cursor's next batch: an {@link OpGetMore}. */
    OP_GET_MORE(OpCodes.OP_GET_MORE),
    /** OP_KILL_CURSORS (2007), legacy cursors closed early: an {@link OpKillCursors}. */
    OP_KILL_CURSORS(OpCodes.OP_KILL_CURSORS),
    /** OP_INSERT (2002), a legacy insert: an {@link OpInsert}. */
    OP_INSERT(OpCodes.OP_INSERT),
    /** OP_UPDATE (2001), a legacy update: an {@link OpUpdate}. */
    OP_UPDATE(OpCodes.OP_UPDATE),
    /** OP_DELETE (2006), a legacy delete: an {@link OpDelete}. */
    OP_DELETE(OpCodes.OP_DELETE);

    private final int code;

    OpCode(int code) {
        this.code = code;
    }

    /** {@return the number on the wire, 2013 for OP_MSG} */
    public int code() {
        return code;
    }
}
