package org.mockupdb;

import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.mockupdb.internal.wire.WireMessage;

/**
 * An OP_QUERY on {@code db.$cmd}: a command in the legacy protocol, such as the first
 * {@code isMaster} handshake of most drivers. A command wrapped as {@code {$query: {...},
 * $readPreference: ...}} is unwrapped: {@link #body()} is the inner command followed by the
 * wrapper's other fields.
 */
public final class Command extends OpQuery {
    private final BsonDocument command;

    Command(Arrival arrival, WireMessage.Query query) {
        super(arrival, query);
        this.command = unwrap(query.query());
    }

    /**
     * A command on {@code database} in the legacy protocol (OP_QUERY on {@code database.$cmd}),
     * built without a socket, for testing specs and matchers; its reply is only recorded.
     *
     * @param database the database's name
     * @param command the command document, its name first
     * @return the command
     */
    public static Command of(String database, org.bson.conversions.Bson command) {
        BsonDocument doc = org.mockupdb.internal.BsonValues.toBsonDocument(
                java.util.Objects.requireNonNull(command, "command")).clone();
        return new Command(Arrival.detached(0),
                new WireMessage.Query(0, database + ".$cmd", 0, -1, doc, null));
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


}
