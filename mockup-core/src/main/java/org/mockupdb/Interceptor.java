package org.mockupdb;

/**
 * Sees each request after the journal and the subscribers and before any responder, and may
 * answer it in their place: where fail points, the authentication gate and swept faults plug
 * into the {@link Router}. Runs on the connection's thread.
 */
interface Interceptor {

    /** Answers the request and returns true, or returns false to let the responders have it. */
    boolean intercept(Request request);
}
