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

    static byte[] decompress(byte[] in, int declaredSize) {
        int[] pos = {0};
        long length = readVarint(in, pos);
        if (length != declaredSize) {
            throw new IllegalArgumentException("snappy preamble says " + length
                    + " bytes, header declares " + declaredSize);
        }
        byte[] out = new byte[declaredSize];
        int o = 0;
        int p = pos[0];
        while (p < in.length) {
            int tag = in[p++] & 0xFF;
            switch (tag & 3) {
                case 0 -> {
                    int len = tag >>> 2;
                    if (len >= 60) {
                        int extra = len - 59;
                        if (p + extra > in.length) {
                            throw new IllegalArgumentException("snappy literal length cut short at byte " + p);
                        }
                        len = 0;
                        for (int k = 0; k < extra; k++) {
                            len |= (in[p++] & 0xFF) << (8 * k);
                        }
                    }
                    long total = (len & 0xFFFFFFFFL) + 1;
                    if (p + total > in.length || o + total > out.length) {
                        throw new IllegalArgumentException("snappy literal of " + total
                                + " bytes runs past the end of the " + (o + total > out.length ? "output" : "input"));
                    }
                    System.arraycopy(in, p, out, o, (int) total);
                    p += (int) total;
                    o += (int) total;
                }
                case 1 -> {
                    if (p >= in.length) {
                        throw new IllegalArgumentException("snappy copy cut short at byte " + p);
                    }
                    int len = ((tag >>> 2) & 7) + 4;
                    int offset = ((tag >>> 5) << 8) | (in[p++] & 0xFF);
                    o = copy(out, o, offset, len);
                }
                case 2 -> {
                    if (p + 2 > in.length) {
                        throw new IllegalArgumentException("snappy copy cut short at byte " + p);
                    }
                    int len = (tag >>> 2) + 1;
                    int offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
                    p += 2;
                    o = copy(out, o, offset, len);
                }
                default -> {
                    if (p + 4 > in.length) {
                        throw new IllegalArgumentException("snappy copy cut short at byte " + p);
                    }
                    int len = (tag >>> 2) + 1;
                    int offset = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF) << 16
                            | (in[p + 3] & 0xFF) << 24;
                    p += 4;
                    o = copy(out, o, offset, len);
                }
            }
        }
        if (o != out.length) {
            throw new IllegalArgumentException("snappy data expands to " + o + " bytes, header declares " + declaredSize);
        }
        return out;
    }

    private static int copy(byte[] out, int o, int offset, int len) {
        if (offset <= 0 || offset > o) {
            throw new IllegalArgumentException("snappy copy offset " + offset + " points outside the "
                    + o + " bytes written so far");
        }
        if (o + len > out.length) {
            throw new IllegalArgumentException("snappy copy of " + len + " bytes runs past the end of the output");
        }
        for (int k = 0; k < len; k++) {
            out[o + k] = out[o - offset + k];
        }
        return o + len;
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
