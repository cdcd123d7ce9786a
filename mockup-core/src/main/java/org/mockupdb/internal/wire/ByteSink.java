package org.mockupdb.internal.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bson.BsonSerializationException;
import org.bson.types.ObjectId;

/**
 * A growable little-endian byte array for encoding frames: plain array stores, and an ASCII fast
 * path for names and strings (nearly every name on the wire), where {@code org.bson}'s output
 * buffer encodes one character at a time through several calls. Non-ASCII text is encoded code
 * point by code point exactly as that buffer does, so the bytes are the same.
 */
final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    int getPosition() {
        return size;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeBytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    /** The bytes from the buffer's position to its limit. */
    void writeBytes(ByteBuffer value) {
        int n = value.remaining();
        ensure(n);
        value.get(bytes, size, n);
        size += n;
    }

    void writeInt32(int value) {
        ensure(4);
        putInt(size, value);
        size += 4;
    }

    /** Overwrites four bytes already written, as a length is patched once known. */
    void writeInt32(int position, int value) {
        putInt(position, value);
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    void writeInt64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    void writeDouble(double value) {
        writeInt64(Double.doubleToRawLongBits(value));
    }

    void writeObjectId(ObjectId id) {
        writeBytes(id.toByteArray());
    }

    /** A NUL-terminated name; a NUL inside it is refused, as BSON cannot carry it. */
    void writeCString(String value) {
        writeCharacters(value, true);
        writeByte(0);
    }

    /** A string: its length in bytes with the terminating NUL, the UTF-8 bytes, the NUL. */
    void writeString(String value) {
        int lengthAt = size;
        writeInt32(0);
        int start = size;
        writeCharacters(value, false);
        writeByte(0);
        writeInt32(lengthAt, size - start);
    }

    private void writeCharacters(String value, boolean refuseNul) {
        int length = value.length();
        ensure(length);
        int i = 0;
        for (; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || c == 0) {
                break;
            }
            bytes[size++] = (byte) c;
        }
        while (i < length) {
            int codePoint = Character.codePointAt(value, i);
            if (codePoint == 0 && refuseNul) {
                throw new BsonSerializationException(String.format(
                        "BSON cstring '%s' is not valid because it contains a null character at index %d", value, i));
            }
            writeCodePoint(codePoint);
            i += Character.charCount(codePoint);
        }
    }

    private void writeCodePoint(int c) {
        ensure(4);
        if (c < 0x80) {
            bytes[size++] = (byte) c;
        } else if (c < 0x800) {
            bytes[size++] = (byte) (0xc0 + (c >> 6));
            bytes[size++] = (byte) (0x80 + (c & 0x3f));
        } else if (c < 0x10000) {
            bytes[size++] = (byte) (0xe0 + (c >> 12));
            bytes[size++] = (byte) (0x80 + ((c >> 6) & 0x3f));
            bytes[size++] = (byte) (0x80 + (c & 0x3f));
        } else {
            bytes[size++] = (byte) (0xf0 + (c >> 18));
            bytes[size++] = (byte) (0x80 + ((c >> 12) & 0x3f));
            bytes[size++] = (byte) (0x80 + ((c >> 6) & 0x3f));
            bytes[size++] = (byte) (0x80 + (c & 0x3f));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
