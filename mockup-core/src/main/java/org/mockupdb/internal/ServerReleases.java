package org.mockupdb.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * MongoDB server releases and the maxWireVersion each announces, the one table of them: the major
 * releases for {@code @ServerVersions} in mockup-junit5, and every release (rapid ones included)
 * for the version the standalone server reports in buildInfo. Nothing here extrapolates past the
 * table: a wire version no release announces has no version.
 */
public final class ServerReleases {
    private static final Map<String, Integer> WIRE_VERSIONS = new LinkedHashMap<>();

    static {
        WIRE_VERSIONS.put("3.6", 6);
        WIRE_VERSIONS.put("4.0", 7);
        WIRE_VERSIONS.put("4.2", 8);
        WIRE_VERSIONS.put("4.4", 9);
        WIRE_VERSIONS.put("5.0", 13);
        WIRE_VERSIONS.put("6.0", 17);
        WIRE_VERSIONS.put("7.0", 21);
        WIRE_VERSIONS.put("8.0", 25);
    }

    /** Every release's version by the maxWireVersion it announces, rapid releases included. */
    private static final NavigableMap<Integer, String> VERSIONS = new TreeMap<>(Map.ofEntries(
            Map.entry(2, "2.6.0"), Map.entry(3, "3.0.0"), Map.entry(4, "3.2.0"), Map.entry(5, "3.4.0"),
            Map.entry(6, "3.6.0"), Map.entry(7, "4.0.0"), Map.entry(8, "4.2.0"), Map.entry(9, "4.4.0"),
            Map.entry(13, "5.0.0"), Map.entry(14, "5.1.0"), Map.entry(15, "5.2.0"), Map.entry(16, "5.3.0"),
            Map.entry(17, "6.0.0"), Map.entry(18, "6.1.0"), Map.entry(19, "6.2.0"), Map.entry(20, "6.3.0"),
            Map.entry(21, "7.0.0"), Map.entry(22, "7.1.0"), Map.entry(23, "7.2.0"), Map.entry(24, "7.3.0"),
            Map.entry(25, "8.0.0")));

    private ServerReleases() {
    }

    public static Optional<Integer> wireVersion(String release) {
        return Optional.ofNullable(WIRE_VERSIONS.get(release));
    }

    /** The known releases from {@code first} to {@code last}, both known, inclusive, in order. */
    public static List<String> range(String first, String last) {
        List<String> all = new ArrayList<>(WIRE_VERSIONS.keySet());
        int from = all.indexOf(first);
        int to = all.indexOf(last);
        return from <= to ? all.subList(from, to + 1) : List.of();
    }

    public static String known() {
        return String.join(", ", WIRE_VERSIONS.keySet());
    }

    /**
     * The version of the MongoDB release that announces exactly this maxWireVersion, from the
     * table of releases: {@code "8.0.0"} for 25, {@code "7.1.0"} for 22 (the rapid releases
     * between major ones count), {@code "2.6.0"} for 2. Empty for a wire version no release
     * MockupDB knows announces: 0 and 1, the development series 10 to 12, past 25.
     */
    public static Optional<String> version(int wireVersion) {
        return Optional.ofNullable(VERSIONS.get(wireVersion));
    }

    /**
     * The version of the newest release whose maxWireVersion is at most {@code wireVersion}
     * ({@code "8.0.0"} for 99, {@code "4.4.0"} for 11), or the oldest release for a wire version
     * below every release's: what a server that must name some version reports for a wire
     * version no release announces.
     */
    public static String nearestVersion(int wireVersion) {
        Map.Entry<Integer, String> below = VERSIONS.floorEntry(wireVersion);
        return below != null ? below.getValue() : VERSIONS.firstEntry().getValue();
    }
}
