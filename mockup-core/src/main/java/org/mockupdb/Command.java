package org.mockupdb;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.mockupdb.internal.ServerConnection;
import org.mockupdb.internal.wire.Frame;
import org.mockupdb.internal.wire.WireMessage;

/**
 * An OP_QUERY on {@code db.$cmd}: a command in the legacy protocol, such as the first
 * {@code isMaster} handshake of most drivers. A command wrapped as {@code {$query: {...},
 * $readPreference: ...}} is unwrapped: {@link #body()} is the inner command followed by the
 * wrapper's other fields.
 */
public final class Command extends OpQuery {
    private final BsonDocument command;

    Command(Frame frame, ServerConnection connection, WireMessage.Query query) {
        super(frame, connection, query);
        this.command = unwrap(query.query());
    }

    private static BsonDocument unwrap(BsonDocument query) {
        if (query.isEmpty() || !query.getFirstKey().equals("$query") || !query.get("$query").isDocument()) {
            return query;
        }
        BsonDocument inner = query.getDocument("$query").clone();
        for (Map.Entry<String, BsonValue> e : query.entrySet()) {
            if (!e.getKey().equals("$query")) {
                inner.put(e.getKey(), e.getValue());
            }
        }
        return inner;
    }

    /** The command document, unwrapped from {@code $query} when the client wrapped it. */
    @Override
    public BsonDocument body() {
        return command;
    }

    @Override
    public Optional<String> commandName() {
        return command.isEmpty() ? Optional.empty() : Optional.of(command.getFirstKey());
    }

    @Override
    public String namespace() {
        return commandNamespace(database(), command);
    }

    @Override
    byte[] encodeReply(Reply reply, int replyId) {
        return opReply(replyId, reply.responseFlags(), reply.cursorId(), reply.startingFrom(),
                java.util.List.of(reply.commandDocument("a command")));
    }

    @Override
    Supplier<String> describeReply(Reply reply) {
        return () -> describeOpReply(reply.responseFlags(), reply.cursorId(), reply.startingFrom(),
                java.util.List.of(reply.commandDocument("a command"))).get();
    }
}
