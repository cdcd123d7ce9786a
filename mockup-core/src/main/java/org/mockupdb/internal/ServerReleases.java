package org.mockupdb.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MongoDB server releases and the maxWireVersion each announces: for {@code @ServerVersions} in
 * mockup-junit5, and for the version the standalone server reports in buildInfo.
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
     * The version of the MongoDB release that announces this maxWireVersion, {@code "8.0.0"} for
     * 25, counting the rapid releases between major ones ({@code "7.1.0"} for 22) and on from 8.0
     * past the last one known.
     */
    public static String version(int wireVersion) {
        return switch (wireVersion) {
            case 0, 1, 2 -> "2.6.0";
            case 3 -> "3.0.0";
            case 4 -> "3.2.0";
            case 5 -> "3.4.0";
            case 6 -> "3.6.0";
            case 7 -> "4.0.0";
            case 8 -> "4.2.0";
            case 9, 10, 11, 12 -> "4.4.0";
            case 13 -> "5.0.0";
            case 14, 15, 16 -> "5." + (wireVersion - 13) + ".0";
            case 17, 18, 19, 20 -> "6." + (wireVersion - 17) + ".0";
            case 21, 22, 23, 24 -> "7." + (wireVersion - 21) + ".0";
            default -> "8." + (wireVersion - 25) + ".0";
        };
    }
}
