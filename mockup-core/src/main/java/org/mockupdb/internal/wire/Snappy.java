package org.mockupdb.internal.wire;

import java.io.ByteArrayOutputStream;

/**
 * The raw Snappy block format (no framing), as OP_COMPRESSED uses it. Compression is a
 * greedy hash-chain-free matcher over 64 KiB blocks: not the tightest output, but valid
 * Snappy that any decoder reads. Decompression checks every length and offset.
 */
final class Snappy {
    private static final int BLOCK = 1 << 16;
    private static final int HASH_BITS = 14;

    private Snappy() {
    }

    static byte[] compress(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 16);
        writeVarint(out, in.length);
        int[] table = new int[1 << HASH_BITS];
        for (int blockStart = 0; blockStart < in.length; blockStart += BLOCK) {
            int blockEnd = Math.min(in.length, blockStart + BLOCK);
            java.util.Arrays.fill(table, -1);
            int literalStart = blockStart;
            int i = blockStart;
            while (i + 4 <= blockEnd) {
                int h = hash(in, i);
                int candidate = table[h];
                table[h] = i;
                if (candidate >= blockStart && same4(in, candidate, i)) {
                    writeLiteral(out, in, literalStart, i - literalStart);
                    int length = 4;
                    while (i + length < blockEnd && in[candidate + length] == in[i + length]) {
                        length++;
                    }
                    writeCopy(out, i - candidate, length);
                    i += length;
                    literalStart = i;
                } else {
                    i++;
                }
            }
            writeLiteral(out, in, literalStart, blockEnd - literalStart);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a raw Snappy block that must expand to exactly {@code declaredSize} bytes. The output grows only
     * with real output. Every length is checked against what remains with overflow-safe arithmetic: a literal
     * length read from four bytes can reach 2^32, and a copy offset can be negative.
     */
    static byte[] decompress(byte[] in, int declaredSize) {
        int[] pos = {0};
        long length = readVarint(in, pos);
        if (length != declaredSize) {
            throw new IllegalArgumentException("snappy preamble says " + length
                    + " bytes, header declares " + declaredSize);
        }
        BoundedOutput out = new BoundedOutput("snappy", declaredSize, in.length);
        int p = pos[0];
        while (p < in.length) {
            int tag = in[p++] & 0xFF;
            switch (tag & 3) {
                case 0 -> {
                    long len = tag >>> 2;
                    if (len >= 60) {
                        int extra = (int) len - 59;
                        if (extra > in.length - p) {
                            throw new IllegalArgumentException("snappy literal length cut short at byte " + p);
                        }
                        len = 0;
                        for (int k = 0; k < extra; k++) {
                            len |= (long) (in[p++] & 0xFF) << (8 * k);
                        }
                    }
                    long total = len + 1;
                    if (total > in.length - p) {
                        throw new IllegalArgumentException("snappy literal of " + total
                                + " bytes runs past the end of the input (" + (in.length - p) + " bytes remain)");
                    }
                    out.reserve(total);
                    System.arraycopy(in, p, out.buffer(), out.size(), (int) total);
                    out.wrote((int) total);
                    p += (int) total;
                }
                case 1 -> {
                    if (p >= in.length) {
                        throw new IllegalArgumentException("snappy copy cut short at byte " + p);
                    }
                    int len = ((tag >>> 2) & 7) + 4;
                    int offset = ((tag >>> 5) << 8) | (in[p++] & 0xFF);
                    copy(out, offset, len);
                }
                case 2 -> {
                    if (2 > in.length - p) {
                        throw new IllegalArgumentException("snappy copy cut short at byte " + p);
                    }
                    int len = (tag >>> 2) + 1;
                    int offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
                    p += 2;
                    copy(out, offset, len);
                }
                default -> {
                    if (4 > in.length - p) {
                        throw new IllegalArgumentException("snappy copy cut short at byte " + p);
                    }
                    int len = (tag >>> 2) + 1;
                    int offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF) << 16
                            | (in[p + 3] & 0xFF) << 24;
                    p += 4;
                    copy(out, offset, len);
                }
            }
        }
        return out.finish();
    }

    private static void copy(BoundedOutput out, int offset, int len) {
        int o = out.size();
        if (offset <= 0 || offset > o) {
            throw new IllegalArgumentException("snappy copy offset " + offset + " points outside the "
                    + o + " bytes written so far");
        }
        out.reserve(len);
        byte[] buf = out.buffer();
        for (int k = 0; k < len; k++) {
            buf[o + k] = buf[o - offset + k];
        }
        out.wrote(len);
    }

    private static int hash(byte[] b, int i) {
        int v = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
        return (v * 0x1E35A7BD) >>> (32 - HASH_BITS);
    }

    private static boolean same4(byte[] b, int x, int y) {
        return b[x] == b[y] && b[x + 1] == b[y + 1] && b[x + 2] == b[y + 2] && b[x + 3] == b[y + 3];
    }

    private static void writeLiteral(ByteArrayOutputStream out, byte[] in, int start, int len) {
        if (len == 0) {
            return;
        }
        int n = len - 1;
        if (n < 60) {
            out.write(n << 2);
        } else if (n < 1 << 8) {
            out.write(60 << 2);
            out.write(n);
        } else if (n < 1 << 16) {
            out.write(61 << 2);
            out.write(n);
            out.write(n >>> 8);
        } else if (n < 1 << 24) {
            out.write(62 << 2);
            out.write(n);
            out.write(n >>> 8);
            out.write(n >>> 16);
        } else {
            out.write(63 << 2);
            out.write(n);
            out.write(n >>> 8);
            out.write(n >>> 16);
            out.write(n >>> 24);
        }
        out.write(in, start, len);
    }

    private static void writeCopy(ByteArrayOutputStream out, int offset, int length) {
        while (length > 0) {
            int chunk = Math.min(length, 64);
            if (length - chunk > 0 && length - chunk < 4) {
                chunk = length - 4;
            }
            out.write(((chunk - 1) << 2) | 2);
            out.write(offset);
            out.write(offset >>> 8);
            length -= chunk;
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static long readVarint(byte[] in, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= in.length) {
                throw new IllegalArgumentException("snappy length preamble cut short");
            }
            int b = in[pos[0]++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("snappy length preamble longer than 5 bytes");
    }
}
