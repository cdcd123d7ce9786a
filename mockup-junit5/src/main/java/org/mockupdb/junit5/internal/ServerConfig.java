package org.mockupdb.junit5.internal;

import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupUser;
import org.mockupdb.Reply;

/**
 * The settings of one server, read from the annotations and configuration parameters; equal settings
 * make equal configs (users compare with their passwords, which {@link #toString()} never shows).
 * {@code failOnUnhandled} is the extension's, not the server's.
 */
record ServerConfig(Duration requestTimeout, boolean autoHello, boolean verbose, boolean tls, boolean failOnUnhandled,
                    Integer minWireVersion, Integer maxWireVersion, List<AutoResponse> autoResponses,
                    List<MockupUser> users) {

    /** A command the server answers by itself, and the reply's fields. */
    record AutoResponse(String commandName, BsonDocument reply) {
    }

    /** A started server with these settings. */
    MockupServer start() {
        MockupServer.Builder builder = MockupServer.builder()
                .requestTimeout(requestTimeout)
                .autoHello(autoHello)
                .verbose(verbose);
        if (tls) {
            builder.tls();
        }
        if (minWireVersion != null) {
            builder.minWireVersion(minWireVersion);
        }
        if (maxWireVersion != null) {
            builder.maxWireVersion(maxWireVersion);
        }
        users.forEach(builder::user);
        MockupServer server = builder.build();
        // outermost first: the server consults the newest responder first, so the nearest wins
        for (AutoResponse response : autoResponses) {
            server.autoResponds(response.commandName(), Reply.ok(response.reply()));
        }
        return server.start();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("requestTimeout=").append(requestTimeout)
                .append(", autoHello=").append(autoHello)
                .append(", verbose=").append(verbose)
                .append(", failOnUnhandled=").append(failOnUnhandled);
        if (tls) {
            sb.append(", tls");
        }
        if (minWireVersion != null) {
            sb.append(", minWireVersion=").append(minWireVersion);
        }
        if (maxWireVersion != null) {
            sb.append(", maxWireVersion=").append(maxWireVersion);
        }
        for (AutoResponse r : autoResponses) {
            sb.append(", autoRespond ").append(r.commandName()).append(' ').append(r.reply().toJson());
        }
        for (MockupUser user : users) {
            sb.append(", user ").append(user.name()).append('@').append(user.database()).append(' ')
                    .append(user.mechanisms());
        }
        return sb.toString();
    }
}
