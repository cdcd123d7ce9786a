package org.mockupdb;

/** Sends a request's response: the reply writer of its connection, or nothing for a detached request. */
interface ReplyChannel {
    /** Records the response and sends nothing. */
    ReplyChannel DETACHED = (request, response) -> { };

    void send(Request request, Response response);

    /**
     * Sends one more reply to an exhaust request, flagged moreToCome, without answering it: the
     * stream of a streaming hello. Each reply's responseTo is the previous reply's id.
     *
     * @return false when it could not be sent (a detached request, a closed connection)
     */
    default boolean sendMoreToCome(Request request, Reply reply) {
        return false;
    }
}
