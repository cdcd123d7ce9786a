package org.mockupdb;

/** An autoresponder or subscriber that a server holds until it is cancelled. */
public interface Responder {

    /** Stops this responder; requests it would have answered go to older ones or the queue. */
    void cancel();

    /** {@return whether {@link #cancel()} has not been called yet} */
    boolean isActive();
}
