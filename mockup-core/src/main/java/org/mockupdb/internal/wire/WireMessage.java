package org.mockupdb.internal.wire;

import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;

/** One decoded message, in the shape its opcode gives it. Header fields live in {@link Frame}. */
public sealed interface WireMessage {

    /** OP_MSG: flag bits, the kind-0 body, and the kind-1 document sequences in wire order. */
    record Msg(int flagBits, BsonDocument body, Map<String, List<BsonDocument>> sequences) implements WireMessage {
        public static final int CHECKSUM_PRESENT = 1;
        public static final int MORE_TO_COME = 1 << 1;
        public static final int EXHAUST_ALLOWED = 1 << 16;
    }

    /** OP_QUERY; {@code fieldSelector} is null when the client sent none. */
    record Query(int flags, String fullCollectionName, int numberToSkip, int numberToReturn,
                 BsonDocument query, BsonDocument fieldSelector) implements WireMessage {
    }

    /** OP_GET_MORE. */
    record GetMore(String fullCollectionName, int numberToReturn, long cursorId) implements WireMessage {
    }

    /** OP_KILL_CURSORS. */
    record KillCursors(List<Long> cursorIds) implements WireMessage {
    }

    /** OP_INSERT. */
    record Insert(int flags, String fullCollectionName, List<BsonDocument> documents) implements WireMessage {
    }

    /** OP_UPDATE. */
    record Update(String fullCollectionName, int flags, BsonDocument selector, BsonDocument update)
            implements WireMessage {
    }

    /** OP_DELETE. */
    record Delete(String fullCollectionName, int flags, BsonDocument selector) implements WireMessage {
    }

    /** OP_REPLY, which only a server sends; decoded for tests that play the client. */
    record Reply(int responseFlags, long cursorId, int startingFrom, List<BsonDocument> documents)
            implements WireMessage {
    }
}
