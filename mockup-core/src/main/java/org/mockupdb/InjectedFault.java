package org.mockupdb;

/** A {@link FaultRule} a server holds until it is done or cancelled; see {@link MockupServer#injectFault}. */
public interface InjectedFault {

    /** The rule as injected. */
    FaultRule rule();

    /** How many requests (or connections) it faulted so far. */
    int count();

    /** Stops it; requests it would have faulted go on as usual. */
    void cancel();

    /** Whether it may still fault: not cancelled, and not done ({@code nth} reached, {@code times} used up). */
    boolean isActive();
}
