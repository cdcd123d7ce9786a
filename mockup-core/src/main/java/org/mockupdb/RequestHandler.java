package org.mockupdb;

/**
 * Answers requests for an autoresponder. Return true when the request was handled (the reply
 * methods of {@link Request} all return true, so {@code return request.ok();} reads well) or
 * false to pass it on to older responders and, at last, to the test's queue.
 */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Answers the request, or declines it.
     *
     * @param request a request that the responder's spec matched
     * @return true when the request was handled, false to pass it on
     */
    boolean handle(Request request);
}
