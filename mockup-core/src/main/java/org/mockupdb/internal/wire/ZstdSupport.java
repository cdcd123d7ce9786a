package org.mockupdb.internal.wire;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * zstd through the optional zstd-jni library: this class is loaded only when zstd is used, and
 * {@link #AVAILABLE} says whether the library is on the class path.
 */
final class ZstdSupport {
    static final boolean AVAILABLE = isPresent();

    /**
     * The largest window a frame may ask the decoder for: 2^26 = 64 MiB, above the largest message (48 MB),
     * below zstd's own default of 2^27. A frame that names no content size makes a streaming decoder reserve
     * its whole window.
     */
    private static final int WINDOW_LOG_MAX = 26;

    private ZstdSupport() {
    }

    private static boolean isPresent() {
        try {
            Class.forName("com.github.luben.zstd.Zstd", false, ZstdSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static byte[] compress(byte[] data) {
        return com.github.luben.zstd.Zstd.compress(data);
    }

    /**
     * Decompresses as a stream into a buffer that grows with real output, never past {@code uncompressedSize}
     * bytes (a frame's own content size is a claim like the header's, so neither is allocated up front).
     */
    static byte[] decompress(byte[] data, int uncompressedSize) {
        BoundedOutput out = new BoundedOutput("zstd", uncompressedSize, data.length);
        try (ZstdInputStreamNoFinalizer in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(data))) {
            in.setLongMax(WINDOW_LOG_MAX);
            while (true) {
                int room = out.room();
                if (room == 0) {
                    if (in.read() >= 0) {
                        throw out.tooLong();
                    }
                    break;
                }
                int n = in.read(out.buffer(), out.size(), room);
                if (n < 0) {
                    break;
                }
                out.wrote(n);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("zstd data")) {
                throw iae;
            }
            throw new IllegalArgumentException("invalid zstd data: " + e.getMessage(), e);
        } catch (LinkageError e) {
            throw new IllegalArgumentException("zstd-jni's native library cannot be loaded here: " + e, e);
        }
        return out.finish();
    }
}
