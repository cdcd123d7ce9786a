package org.mockupdb;

/**
 * Changes a response on its way out, after whoever answered the request formed it: where a
 * fail point's writeConcernError joins a write's normal reply. Runs in the {@link ReplyWriter}.
 */
interface ResponseFilter {

    /** The response to send instead of {@code response}; {@code response} itself to leave it be. */
    Response filter(Request request, Response response);
}
