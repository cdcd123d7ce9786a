package org.mockupdb.internal.transport;

import java.io.Closeable;
import java.io.IOException;

/** Closing when nothing useful can be done about a failure to close. */
final class Quietly {
    private Quietly() {
    }

    static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway: the peer sees the connection end either way
        }
    }
}
