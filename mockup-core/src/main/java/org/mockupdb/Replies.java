package org.mockupdb;

import java.time.Duration;
import java.util.Objects;

/** Checks and words the replies and faults share. */
final class Replies {
    private Replies() {
    }

    static Duration checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("expected a delay of zero or more, got " + delay);
        }
        return delay;
    }

    static String after(Duration delay) {
        return delay.isZero() ? "" : " after " + describe(delay);
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
