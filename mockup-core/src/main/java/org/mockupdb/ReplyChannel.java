package org.mockupdb;

/** Sends a request's response: the reply writer of its connection, or nothing for a detached request. */
interface ReplyChannel {
    /** Records the response and sends nothing. */
    ReplyChannel DETACHED = (request, response) -> { };

    void send(Request request, Response response);
}
