package org.mockupdb;

import java.util.Set;
import java.util.function.Supplier;
import org.bson.BsonDocument;

/**
 * Adds the server's {@code topologyVersion} to its state-change errors, as mongod 4.4+ does (the
 * server discovery and monitoring specification, "Error handling": a driver compares the error's
 * topologyVersion with the one it knows, and ignores a stale error instead of marking the server
 * Unknown). Only a server that announces a topologyVersion in its hello has one to add.
 */
final class StateChangeErrors implements ResponseFilter {
    /** NotWritablePrimary, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary, and the shutdown errors. */
    private static final Set<Integer> STATE_CHANGE = Set.of(10107, 13435, 13436, 11600, 11602, 91, 189);

    private final Supplier<BsonDocument> topologyVersion;

    StateChangeErrors(Supplier<BsonDocument> topologyVersion) {
        this.topologyVersion = topologyVersion;
    }

    @Override
    public Response filter(Request request, Response response) {
        if (response instanceof Reply reply && reply.kind() == Reply.Kind.COMMAND_ERROR
                && STATE_CHANGE.contains(reply.code().orElse(0))
                && !reply.documents().get(0).containsKey("topologyVersion")) {
            return reply.toBuilder().field("topologyVersion", topologyVersion.get()).build();
        }
        return response;
    }
}
