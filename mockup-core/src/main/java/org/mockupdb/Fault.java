package org.mockupdb;

import java.time.Duration;
import java.util.Objects;

/**
 * A way of not answering a request properly, in place of a {@link Reply}: the server closes the
 * connection, resets it, or sends a reply cut short. Each is an immutable value; a fault that
 * makes no sense cannot be written ({@code Fault.hangUp()} has no bytes to cut).
 *
 * <pre>{@code
 * request.reply(Fault.hangUp());
 * server.autoResponds("find", Reply.ok().cutAfter(20));      // a Reply cut short is a Fault
 * request.reply(Fault.reset().delayedBy(Duration.ofSeconds(2)));
 * }</pre>
 */
public sealed interface Fault extends Response {

    /** The server closes the connection instead of replying (over TLS, after a close_notify). */
    static HangUp hangUp() {
        return new HangUp(Duration.ZERO);
    }

    /**
     * The server aborts the connection with a TCP reset, which a client reads as "connection
     * reset by peer" rather than an orderly end of stream.
     */
    static Reset reset() {
        return new Reset(Duration.ZERO);
    }

    /** What the transcript and failure messages call this fault. */
    String describe();

    /**
     * Closes the connection.
     *
     * @param delay how long after the reply method returns the connection closes
     */
    record HangUp(Duration delay) implements Fault {
        public HangUp {
            delay = Replies.checkDelay(delay);
        }

        /** The same hang-up, {@code delay} later. */
        public HangUp delayedBy(Duration delay) {
            return new HangUp(delay);
        }

        @Override
        public String describe() {
            return "hang-up" + Replies.after(delay);
        }
    }

    /**
     * Aborts the connection with a TCP reset (RST).
     *
     * @param delay how long after the reply method returns the connection is reset
     */
    record Reset(Duration delay) implements Fault {
        public Reset {
            delay = Replies.checkDelay(delay);
        }

        /** The same reset, {@code delay} later. */
        public Reset delayedBy(Duration delay) {
            return new Reset(delay);
        }

        @Override
        public String describe() {
            return "reset" + Replies.after(delay);
        }
    }

    /**
     * Sends only the first {@code bytes} bytes of the reply's frame (its header declares them
     * all), then closes the connection. Made by {@link Reply#cutAfter(int)}.
     *
     * @param reply the reply whose frame is cut; its delay is this fault's delay
     * @param bytes how many bytes go out
     */
    record CutReply(Reply reply, int bytes) implements Fault {
        public CutReply {
            Objects.requireNonNull(reply, "reply");
            if (bytes < 0) {
                throw new IllegalArgumentException("expected a byte count of zero or more, got " + bytes);
            }
        }

        @Override
        public Duration delay() {
            return reply.delay();
        }

        @Override
        public String describe() {
            return reply + " cut after " + bytes + " bytes";
        }
    }
}
