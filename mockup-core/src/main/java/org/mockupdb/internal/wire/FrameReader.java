package org.mockupdb.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads whole frames off a stream, checking the declared length before it allocates, and allocating only as
 * the bytes of a frame really arrive.
 */
public final class FrameReader {
    /** The first buffer for a frame's bytes; it doubles as they arrive, up to the declared length. */
    static final int FIRST_CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxMessageSize;
    private final byte[] header = new byte[WireDecoder.HEADER_SIZE];
    private boolean first = true;

    public FrameReader(InputStream in) {
        this(in, WireDecoder.MAX_MESSAGE_SIZE);
    }

    public FrameReader(InputStream in, int maxMessageSize) {
        this.in = in;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * The next whole frame, header included, or null when the peer closed the stream between
     * frames.
     *
     * @throws WireProtocolException when the length is out of bounds or the stream ends mid-frame
     * @throws IOException when reading fails
     */
    public byte[] next() throws IOException {
        int got = readUpTo(header, 0, header.length);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw WireProtocolException.fatal("truncated frame: the connection closed after " + got
                    + " bytes of a 16-byte message header");
        }
        if (first) {
            first = false;
            if (isTlsClientHello(header)) {
                discardTlsRecord();
                throw WireProtocolException.fatal("expected a MongoDB message, but the client began a TLS handshake: "
                        + "it connects with TLS to a server started without it (start the server with tls(), "
                        + "or connect without tls=true)");
            }
        }
        int length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (length < WireDecoder.HEADER_SIZE) {
            throw WireProtocolException.fatal("message length " + length
                    + " is below the 16-byte minimum (the header alone takes 16)");
        }
        if (length > maxMessageSize) {
            throw WireProtocolException.fatal("message length " + length + " exceeds the maximum of "
                    + maxMessageSize + " bytes");
        }
        return readBody(length);
    }

    /**
     * The rest of a frame of {@code length} bytes. The buffer grows only as bytes arrive: it starts at
     * {@link #FIRST_CHUNK} (or the frame's length, when smaller) and doubles up to the declared length, so a
     * header that declares 48 MB and sends nothing costs 64 KiB, not 48 MB.
     */
    private byte[] readBody(int length) throws IOException {
        byte[] frame = new byte[Math.min(length, FIRST_CHUNK)];
        System.arraycopy(header, 0, frame, 0, header.length);
        int filled = header.length;
        while (true) {
            int got = readUpTo(frame, filled, frame.length - filled);
            filled += got;
            if (filled < frame.length) {
                throw WireProtocolException.fatal("truncated frame: header declares " + length
                        + " bytes, the connection closed after " + filled);
            }
            if (filled == length) {
                return frame;
            }
            frame = Arrays.copyOf(frame, (int) Math.min(length, 2L * frame.length));
        }
    }

    /**
     * A TLS record header (type 22 handshake, version 3.1 to 3.4) whose message is a ClientHello
     * (type 1). Read as a MongoDB header it would declare a length of megabytes and stall.
     */
    static boolean isTlsClientHello(byte[] h) {
        return h[0] == 0x16 && h[1] == 0x03 && h[2] >= 0x01 && h[2] <= 0x04 && h[5] == 0x01;
    }

    /**
     * Reads the rest of the TLS record whose first 16 bytes are the header, so that closing the
     * connection sends the client an orderly end of stream rather than a reset for unread data.
     */
    private void discardTlsRecord() {
        int recordLength = 5 + ((header[3] & 0xff) << 8 | (header[4] & 0xff));
        try {
            in.skipNBytes(Math.max(0, recordLength - header.length));
        } catch (IOException e) {
            // the client went away: closing is all that is left
        }
    }

    private int readUpTo(byte[] buf, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(buf, off + total, len - total);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
