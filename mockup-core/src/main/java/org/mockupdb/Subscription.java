package org.mockupdb;

/** A listener a server shows every request to, until it is cancelled; see {@link MockupServer#subscribe}. */
public interface Subscription {

    /** Stops showing requests to the listener. */
    void cancel();

    /** {@return whether {@link #cancel()} has not been called yet} */
    boolean isActive();
}
