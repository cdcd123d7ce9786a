package org.mockupdb;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The result of client code started by {@link Go#go(Callable)}: its value, or the exception it
 * threw, rethrown unchanged by {@link #get()}. Closing the outcome waits for the code to finish,
 * so a try-with-resources block cannot leave it running.
 */
public final class Outcome<T> implements AutoCloseable {
    /** How long {@link #get()} and {@link #close()} wait. */
    public static final Duration DEFAULT_TIMEOUT = MockupServer.DEFAULT_REQUEST_TIMEOUT;

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile T value;
    private volatile Throwable failure;

    Outcome() {
    }

    void run(Callable<T> call) {
        try {
            value = call.call();
        } catch (Throwable t) {
            failure = t;
        } finally {
            done.countDown();
        }
    }

    /**
     * The client code's result, waiting up to 10 s; its exception rethrown as it was thrown.
     *
     * @return what the client code returned
     * @throws AssertionError when it has not finished in time
     */
    public T get() {
        return get(DEFAULT_TIMEOUT);
    }

    /**
     * The client code's result, waiting up to {@code timeout}; its exception rethrown as it was thrown.
     *
     * @param timeout how long to wait for the client code to finish
     * @return what the client code returned
     * @throws AssertionError when it has not finished in time
     */
    public T get(Duration timeout) {
        await(timeout);
        Throwable t = failure;
        if (t != null) {
            throw Outcome.<RuntimeException>sneaky(t);
        }
        return value;
    }

    /**
     * The exception the client code threw, waiting up to {@code timeout}; empty when it returned
     * normally.
     *
     * @param timeout how long to wait for the client code to finish
     * @return the exception, or empty
     * @throws AssertionError when it has not finished in time
     */
    public Optional<Throwable> failure(Duration timeout) {
        await(timeout);
        return Optional.ofNullable(failure);
    }

    /**
     * The exception the client code threw, waiting up to 10 s; empty when it returned normally.
     *
     * @return the exception, or empty
     * @throws AssertionError when it has not finished in time
     */
    public Optional<Throwable> failure() {
        return failure(DEFAULT_TIMEOUT);
    }

    /** {@return whether the client code has finished} */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits up to 10 s for the client code to finish, without rethrowing its exception. */
    @Override
    public void close() {
        await(DEFAULT_TIMEOUT);
    }

    private void await(Duration timeout) {
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("expected the client code to finish within " + timeout.toMillis()
                        + " ms, but it is still running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the client code", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    @Override
    public String toString() {
        if (!isDone()) {
            return "Outcome(running)";
        }
        return failure != null ? "Outcome(threw " + failure + ")" : "Outcome(" + value + ")";
    }
}
