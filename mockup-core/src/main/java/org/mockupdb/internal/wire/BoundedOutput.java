package org.mockupdb.internal.wire;

import java.util.Arrays;

/**
 * The output of a decompressor: a buffer that starts small and doubles only as real output arrives, never
 * past the uncompressed size an OP_COMPRESSED header declares. A header may lie, so nothing is allocated on
 * its word alone: a 35-byte payload that declares 48 MB costs what it really expands to.
 */
final class BoundedOutput {
    /** The first buffer, unless the payload or the declared size suggests another. */
    private static final int FIRST = 4 * 1024;

    private final String compressor;
    private final int declared;
    private byte[] buf;
    private int size;

    /**
     * @param compressor the compressor's name, for messages
     * @param declared the uncompressed size the header declares: the output's exact expected size and its bound
     * @param compressedLength the payload's length, a hint for the first buffer's size
     */
    BoundedOutput(String compressor, int declared, int compressedLength) {
        this.compressor = compressor;
        this.declared = declared;
        long hint = Math.max(FIRST, 4L * compressedLength);
        this.buf = new byte[(int) Math.min(declared, hint)];
    }

    byte[] buffer() {
        return buf;
    }

    int size() {
        return size;
    }

    /** Free room in the current buffer; when it is full, grows it first, or 0 when the declared size is reached. */
    int room() {
        if (size == buf.length && buf.length < declared) {
            buf = Arrays.copyOf(buf, (int) Math.min(declared, 2L * buf.length));
        }
        return buf.length - size;
    }

    /** Counts {@code n} bytes written into {@link #buffer()} at {@link #size()}. */
    void wrote(int n) {
        size += n;
    }

    /** Makes room for {@code n} more bytes, or fails: the data expands past the declared size. */
    void reserve(long n) {
        if (n > declared - size) {
            throw new IllegalArgumentException(compressor + " data expands past the " + declared
                    + " bytes the header declares (" + size + " written, " + n + " more)");
        }
        if (n > buf.length - size) {
            long wanted = Math.max(size + n, 2L * buf.length);
            buf = Arrays.copyOf(buf, (int) Math.min(declared, wanted));
        }
    }

    /** The output, which must have reached exactly the declared size. */
    byte[] finish() {
        if (size != declared) {
            throw new IllegalArgumentException(compressor + " data expands to " + size
                    + " bytes, header declares " + declared);
        }
        return buf.length == size ? buf : Arrays.copyOf(buf, size);
    }

    /** Fails because the data goes on past the declared size. */
    IllegalArgumentException tooLong() {
        return new IllegalArgumentException(compressor + " data expands past the " + declared
                + " bytes the header declares");
    }
}
