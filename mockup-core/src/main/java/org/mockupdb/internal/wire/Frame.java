package org.mockupdb.internal.wire;

/**
 * One message as read off the wire, OP_COMPRESSED already unwrapped: the header fields, the
 * original opcode, the compressor it came with (null when it was not compressed), and the
 * decoded body.
 */
public record Frame(int messageLength, int requestId, int responseTo, int opCode, Compressor compressor,
                    WireMessage message) {
}
