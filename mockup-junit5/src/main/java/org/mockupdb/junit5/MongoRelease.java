package org.mockupdb.junit5;

import java.util.Arrays;
import java.util.stream.Collectors;

/** MongoDB server releases and the maxWireVersion each answers hello with. */
public enum MongoRelease {
    V3_6("3.6", 6),
    V4_0("4.0", 7),
    V4_2("4.2", 8),
    V4_4("4.4", 9),
    V5_0("5.0", 13),
    V6_0("6.0", 17),
    V7_0("7.0", 21),
    V8_0("8.0", 25);

    private final String version;
    private final int maxWireVersion;

    MongoRelease(String version, int maxWireVersion) {
        this.version = version;
        this.maxWireVersion = maxWireVersion;
    }

    /** "4.2". */
    public String version() {
        return version;
    }

    public int maxWireVersion() {
        return maxWireVersion;
    }

    /**
     * The release named "4.2" (or "4.2.x").
     *
     * @throws IllegalArgumentException naming the releases known
     */
    public static MongoRelease of(String version) {
        for (MongoRelease release : values()) {
            if (version.equals(release.version) || version.startsWith(release.version + ".")) {
                return release;
            }
        }
        throw new IllegalArgumentException("unknown MongoDB release \"" + version + "\", expected one of "
                + Arrays.stream(values()).map(MongoRelease::version).collect(Collectors.joining(", ")));
    }
}
