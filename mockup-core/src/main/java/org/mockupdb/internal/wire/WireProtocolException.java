package org.mockupdb.internal.wire;

/**
 * A message that breaks the wire protocol. The message names what was wrong. When
 * {@link #framingIntact()} is true the frame boundaries were still known, so the connection
 * can answer with an error reply and read on; otherwise it must be closed.
 */
public final class WireProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean framingIntact;
    private final int requestId;
    private final int opCode;
    private final int errorCode;

    private WireProtocolException(String message, Throwable cause, boolean framingIntact,
                                  int requestId, int opCode, int errorCode) {
        // No stack trace: the message names what was wrong, and a protocol error is kept (in
        // protocolErrors()) for as long as the server runs, so it holds as little as it can.
        super(message, cause, false, false);
        this.framingIntact = framingIntact;
        this.requestId = requestId;
        this.opCode = opCode;
        this.errorCode = errorCode;
    }

    /** The stream can no longer be read: the frame's boundaries are lost. */
    public static WireProtocolException fatal(String message) {
        return new WireProtocolException(message, null, false, 0, 0, ErrorCodes.PROTOCOL_ERROR);
    }

    /** The stream can no longer be read, for a reason that {@code cause} says. */
    public static WireProtocolException fatal(String message, Throwable cause) {
        return new WireProtocolException(message, cause, false, 0, 0, ErrorCodes.PROTOCOL_ERROR);
    }

    /** The frame was read whole but its content is wrong. */
    public static WireProtocolException inFrame(String message, int requestId, int opCode) {
        return new WireProtocolException(message, null, true, requestId, opCode, ErrorCodes.PROTOCOL_ERROR);
    }

    /** The frame was read whole but a BSON document in it is invalid. */
    public static WireProtocolException invalidBson(String message, Throwable cause, int requestId, int opCode) {
        return new WireProtocolException(message, cause, true, requestId, opCode, ErrorCodes.INVALID_BSON);
    }

    /**
     * The frame was read whole but a BSON document in it is refused with {@code errorCode}: InvalidBSON (22),
     * Overflow (45) for nesting deeper than mongod's, BSONObjectTooLarge (10334) for a document larger.
     */
    public static WireProtocolException invalidBson(String message, Throwable cause, int requestId, int opCode,
                                                    int errorCode) {
        return new WireProtocolException(message, cause, true, requestId, opCode, errorCode);
    }

    /** A copy of this error that knows the request id and opcode of the frame it came from. */
    WireProtocolException inMessage(int newRequestId, int newOpCode) {
        if (!framingIntact) {
            return this;
        }
        return new WireProtocolException(getMessage(), getCause(), true, newRequestId, newOpCode, errorCode);
    }

    public boolean framingIntact() {
        return framingIntact;
    }

    public int requestId() {
        return requestId;
    }

    public int opCode() {
        return opCode;
    }

    /**
     * The MongoDB error code an error reply carries: ProtocolError (17), InvalidBSON (22), Overflow (45) or
     * BSONObjectTooLarge (10334).
     */
    public int errorCode() {
        return errorCode;
    }
}
