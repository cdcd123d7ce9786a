package org.mockupdb;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs client code on a background thread, so the test thread stays free to receive and answer
 * the requests it sends:
 *
 * <pre>{@code
 * Outcome<Document> ping = Go.go(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
 * server.receives("ping").ok();
 * ping.get();
 * }</pre>
 */
public final class Go {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Client code that returns nothing and may throw. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs the client code.
         *
         * @throws Exception anything the client code throws, kept in the {@link Outcome}
         */
        void run() throws Exception;
    }

    private Go() {
    }

    /**
     * Starts {@code call} on a new daemon thread; its result or exception waits in the outcome.
     *
     * @param <T> the type of the client code's result
     * @param call the client code
     * @return the outcome, whose {@link Outcome#get()} returns the result or rethrows the exception
     */
    public static <T> Outcome<T> go(Callable<T> call) {
        Objects.requireNonNull(call, "call");
        Outcome<T> outcome = new Outcome<>();
        Thread thread = new Thread(() -> outcome.run(call), "mockupdb-go-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return outcome;
    }

    /**
     * Starts {@code task} on a new daemon thread; the outcome's value is null.
     *
     * @param task the client code
     * @return the outcome, whose {@link Outcome#get()} returns null or rethrows the exception
     */
    public static Outcome<Void> go(Task task) {
        Objects.requireNonNull(task, "task");
        return go(() -> {
            task.run();
            return null;
        });
    }
}
