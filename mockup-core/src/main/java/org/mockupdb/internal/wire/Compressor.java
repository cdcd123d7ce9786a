package org.mockupdb.internal.wire;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The compressors of OP_COMPRESSED, by the ids the compression specification gives them. */
public enum Compressor {
    NOOP(0, "noop") {
        @Override
        public byte[] compress(byte[] data) {
            return data;
        }

        @Override
        public byte[] decompress(byte[] data, int uncompressedSize) {
            if (data.length != uncompressedSize) {
                throw new IllegalArgumentException("noop payload has " + data.length
                        + " bytes, header declares " + uncompressedSize);
            }
            return data;
        }
    },
    SNAPPY(1, "snappy") {
        @Override
        public byte[] compress(byte[] data) {
            return Snappy.compress(data);
        }

        @Override
        public byte[] decompress(byte[] data, int uncompressedSize) {
            return Snappy.decompress(data, uncompressedSize);
        }
    },
    ZLIB(2, "zlib") {
        @Override
        public byte[] compress(byte[] data) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
            try {
                deflater.setInput(data);
                deflater.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
                byte[] chunk = new byte[8192];
                while (!deflater.finished()) {
                    int n = deflater.deflate(chunk);
                    out.write(chunk, 0, n);
                }
                return out.toByteArray();
            } finally {
                deflater.end();
            }
        }

        @Override
        public byte[] decompress(byte[] data, int uncompressedSize) {
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(data);
                BoundedOutput out = new BoundedOutput("zlib", uncompressedSize, data.length);
                int idle = 0;
                while (!inflater.finished()) {
                    int room = out.room();
                    if (room == 0) {
                        byte[] probe = new byte[1];
                        if (inflater.inflate(probe) > 0) {
                            throw out.tooLong();
                        }
                        if (inflater.finished()) {
                            break;
                        }
                        if (inflater.needsDictionary()) {
                            throw new IllegalArgumentException("zlib stream asks for a preset dictionary");
                        }
                        throw new IllegalArgumentException("zlib stream is cut short: it has not ended after the "
                                + uncompressedSize + " bytes the header declares");
                    }
                    int n = inflater.inflate(out.buffer(), out.size(), room);
                    out.wrote(n);
                    if (n == 0) {
                        if (inflater.finished()) {
                            break;
                        }
                        if (inflater.needsDictionary()) {
                            throw new IllegalArgumentException("zlib stream asks for a preset dictionary");
                        }
                        if (inflater.needsInput() || ++idle > 2) {
                            throw new IllegalArgumentException("zlib stream ended after " + out.size()
                                    + " bytes, header declares " + uncompressedSize);
                        }
                    } else {
                        idle = 0;
                    }
                }
                if (out.size() != uncompressedSize) {
                    throw new IllegalArgumentException("zlib stream ended after " + out.size()
                            + " bytes, header declares " + uncompressedSize);
                }
                return out.finish();
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("invalid zlib data: " + e.getMessage(), e);
            } finally {
                inflater.end();
            }
        }
    },
    ZSTD(3, "zstd") {
        @Override
        public byte[] compress(byte[] data) {
            return ZstdSupport.compress(data);
        }

        @Override
        public byte[] decompress(byte[] data, int uncompressedSize) {
            return ZstdSupport.decompress(data, uncompressedSize);
        }
    };

    private final int id;
    private final String wireName;

    Compressor(int id, String wireName) {
        this.id = id;
        this.wireName = wireName;
    }

    /** The compressor id in an OP_COMPRESSED header. */
    public int id() {
        return id;
    }

    /** The name a client lists in its handshake's {@code compression} array. */
    public String wireName() {
        return wireName;
    }

    /** Whether this server can compress and decompress with it: zstd needs zstd-jni on the class path. */
    public boolean isSupported() {
        return this != ZSTD || ZstdSupport.AVAILABLE;
    }

    public abstract byte[] compress(byte[] data);

    /**
     * Decompresses a payload that must expand to exactly {@code uncompressedSize} bytes. The output buffer
     * grows only with real output, never past {@code uncompressedSize}: a header's word allocates nothing.
     *
     * @throws IllegalArgumentException naming what is wrong with the payload: garbage, or output that stops
     *         short of the declared size or goes on past it
     */
    public abstract byte[] decompress(byte[] data, int uncompressedSize);

    public static Optional<Compressor> byId(int id) {
        for (Compressor c : values()) {
            if (c.id == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static Optional<Compressor> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Compressor c : values()) {
            if (c.wireName.equals(lower)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
