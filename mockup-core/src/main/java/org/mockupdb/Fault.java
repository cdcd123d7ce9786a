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
 * request.reply(Fault.stall());                               // no reply; the socket stays open
 * request.reply(Fault.badChecksum(Reply.ok()));               // the client's own checksum error
 * request.reply(Fault.dribble(Reply.ok(), 4, Duration.ofMillis(100)));
 * }</pre>
 */
public sealed interface Fault extends Response {

    /** {@return a fault: the server closes the connection instead of replying (over TLS, after a close_notify)} */
    static HangUp hangUp() {
        return new HangUp(Duration.ZERO);
    }

    /**
     * {@return a fault: the server aborts the connection with a TCP reset, which a client reads as "connection
     * reset by peer" rather than an orderly end of stream}
     */
    static Reset reset() {
        return new Reset(Duration.ZERO);
    }

    /**
     * {@return a fault: the server never answers and keeps the connection open, until the server stops or the test
     * calls {@link MockupServer#releaseStalls()} (which closes the stalled connections)}
     */
    static Stall stall() {
        return new Stall();
    }

    /**
     * {@return a fault: the reply, with a {@code responseTo} that names another request (this request's id + 1)}
     *
     * @param reply the reply to send
     */
    static WrongResponseTo wrongResponseTo(Reply reply) {
        return new WrongResponseTo(reply);
    }

    /**
     * The reply as an OP_MSG whose flagBits say a CRC-32C checksum follows, and whose checksum is
     * wrong: the client must refuse it.
     *
     * @param reply the reply to send
     * @return the fault
     */
    static BadChecksum badChecksum(Reply reply) {
        return new BadChecksum(reply);
    }

    /**
     * The reply with its document corrupt: the type byte of its first element names no BSON type
     * (0x2A). The frame and the document's length are intact.
     *
     * @param reply the reply to send
     * @return the fault
     */
    static CorruptBson corruptBson(Reply reply) {
        return new CorruptBson(reply);
    }

    /**
     * The whole reply, {@code bytes} bytes at a time with {@code interval} between writes: a slow
     * network, for testing a client's read timeout against a reply that does arrive.
     *
     * @param reply the reply to send
     * @param bytes how many bytes each write carries, 1 or more
     * @param interval the pause between writes
     * @return the fault
     */
    static Dribble dribble(Reply reply, int bytes, Duration interval) {
        return new Dribble(reply, bytes, interval);
    }

    /** {@return what the transcript and failure messages call this fault} */
    String describe();

    /**
     * Closes the connection.
     *
     * @param delay how long after the reply method returns the connection closes
     */
    record HangUp(Duration delay) implements Fault {
        /**
         * A hang-up.
         *
         * @param delay how long after the reply method returns the connection closes; zero or more
         * @throws IllegalArgumentException for a negative delay
         */
        public HangUp {
            delay = Replies.checkDelay(delay);
        }

        /**
         * {@return the same hang-up, {@code delay} later}
         *
         * @param delay zero or more
         */
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
        /**
         * A reset.
         *
         * @param delay how long after the reply method returns the connection is reset; zero or more
         * @throws IllegalArgumentException for a negative delay
         */
        public Reset {
            delay = Replies.checkDelay(delay);
        }

        /**
         * {@return the same reset, {@code delay} later}
         *
         * @param delay zero or more
         */
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
        /**
         * A reply cut short.
         *
         * @param reply the reply whose frame is cut
         * @param bytes how many bytes go out, zero or more
         * @throws IllegalArgumentException for a negative byte count
         */
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

    /** Never answers; the connection stays open. Made by {@link Fault#stall()}. */
    record Stall() implements Fault {
        @Override
        public Duration delay() {
            return Duration.ZERO;
        }

        @Override
        public String describe() {
            return "stall";
        }
    }

    /**
     * The reply with a {@code responseTo} one above the request's id. Made by {@link
     * Fault#wrongResponseTo(Reply)}.
     *
     * @param reply the reply sent; its delay is this fault's delay
     */
    record WrongResponseTo(Reply reply) implements Fault {
        /**
         * A reply with a wrong responseTo.
         *
         * @param reply the reply sent
         */
        public WrongResponseTo {
            Objects.requireNonNull(reply, "reply");
        }

        @Override
        public Duration delay() {
            return reply.delay();
        }

        @Override
        public String describe() {
            return reply + " with a wrong responseTo";
        }
    }

    /**
     * The reply as an OP_MSG with a wrong CRC-32C checksum. Made by {@link Fault#badChecksum(Reply)}.
     *
     * @param reply the reply sent; its delay is this fault's delay
     */
    record BadChecksum(Reply reply) implements Fault {
        /**
         * A reply with a bad checksum.
         *
         * @param reply the reply sent
         */
        public BadChecksum {
            Objects.requireNonNull(reply, "reply");
        }

        @Override
        public Duration delay() {
            return reply.delay();
        }

        @Override
        public String describe() {
            return reply + " with a bad checksum";
        }
    }

    /**
     * The reply with corrupt BSON. Made by {@link Fault#corruptBson(Reply)}.
     *
     * @param reply the reply sent; its delay is this fault's delay
     */
    record CorruptBson(Reply reply) implements Fault {
        /**
         * A reply with corrupt BSON.
         *
         * @param reply the reply sent
         */
        public CorruptBson {
            Objects.requireNonNull(reply, "reply");
        }

        @Override
        public Duration delay() {
            return reply.delay();
        }

        @Override
        public String describe() {
            return reply + " with corrupt BSON";
        }
    }

    /**
     * The reply written {@code bytes} bytes at a time, {@code interval} apart. Made by {@link
     * Fault#dribble(Reply, int, Duration)}.
     *
     * @param reply    the reply sent; its delay is this fault's delay (before the first byte)
     * @param bytes    how many bytes each write carries, 1 or more
     * @param interval the pause between writes
     */
    record Dribble(Reply reply, int bytes, Duration interval) implements Fault {
        /**
         * A dribbled reply.
         *
         * @param reply    the reply sent
         * @param bytes    how many bytes each write carries, 1 or more
         * @param interval the pause between writes, zero or more
         * @throws IllegalArgumentException for fewer than 1 byte a write or a negative interval
         */
        public Dribble {
            Objects.requireNonNull(reply, "reply");
            if (bytes < 1) {
                throw new IllegalArgumentException("expected 1 or more bytes a write, got " + bytes);
            }
            interval = Replies.checkDelay(interval);
        }

        @Override
        public Duration delay() {
            return reply.delay();
        }

        @Override
        public String describe() {
            return reply + " dribbled " + bytes + " bytes every " + Replies.describe(interval);
        }
    }
}
