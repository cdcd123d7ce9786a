package org.mockupdb.internal.wire;

/**
 * zstd through the optional zstd-jni library: this class is loaded only when zstd is used, and
 * {@link #AVAILABLE} says whether the library is on the class path.
 */
final class ZstdSupport {
    static final boolean AVAILABLE = isPresent();

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

    static byte[] decompress(byte[] data, int uncompressedSize) {
        byte[] out;
        try {
            out = com.github.luben.zstd.Zstd.decompress(data, uncompressedSize);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid zstd data: " + e.getMessage(), e);
        }
        if (out.length != uncompressedSize) {
            throw new IllegalArgumentException("zstd data expands to " + out.length + " bytes, header declares "
                    + uncompressedSize);
        }
        return out;
    }
}
