package org.mockupdb;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a server's conversation as it happens, for a live log that wants more than text
 * ({@link MockupServer.Builder#conversationListener}): a connection opened, a request, a reply,
 * or a note (a fault, a protocol error, a connection closed).
 *
 * @param connectionId the connection it happened on
 * @param at           when
 * @param kind         what happened
 * @param request      the request, for {@link Kind#REQUEST} and {@link Kind#REPLY}
 * @param response     the reply or fault, for {@link Kind#REPLY}
 * @param text         the line as the transcript prints it
 */
public record ConversationEvent(int connectionId, Instant at, Kind kind, Optional<Request> request,
                                Optional<Response> response, String text) {
    /** What happened. */
    public enum Kind {
        /** A client connected; the text names its address. */
        CONNECTION_OPENED,
        /** A request arrived. */
        REQUEST,
        /** The server answered a request (a reply, or a fault in its place). */
        REPLY,
        /** Anything else: a fault, a protocol error, a connection closed, a reply dropped. */
        NOTE
    }

    /**
     * An event; no component may be null.
     *
     * @param connectionId the connection it happened on
     * @param at           when
     * @param kind         what happened
     * @param request      the request, for {@link Kind#REQUEST} and {@link Kind#REPLY}
     * @param response     the reply or fault, for {@link Kind#REPLY}
     * @param text         the line as the transcript prints it
     * @throws NullPointerException when a component is null
     */
    public ConversationEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(text, "text");
    }
}
