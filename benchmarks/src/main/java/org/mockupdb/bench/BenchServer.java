package org.mockupdb.bench;

/** One server under measurement, whatever its kind: started, told apart by its URI, stopped. */
interface BenchServer extends AutoCloseable {
    /** Binds an ephemeral loopback port and starts serving. */
    BenchServer start();

    /** {@code mongodb://localhost:PORT}. */
    String uri();

    /** Closes the listener and every connection; returns when the server's threads have ended. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
