package org.mockupdb.junit5.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** MongoDB server releases and the maxWireVersion each announces. */
final class ServerReleases {
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

    static Optional<Integer> wireVersion(String release) {
        return Optional.ofNullable(WIRE_VERSIONS.get(release));
    }

    /** The known releases from {@code first} to {@code last}, both known, inclusive, in order. */
    static List<String> range(String first, String last) {
        List<String> all = new ArrayList<>(WIRE_VERSIONS.keySet());
        int from = all.indexOf(first);
        int to = all.indexOf(last);
        return from <= to ? all.subList(from, to + 1) : List.of();
    }

    static String known() {
        return String.join(", ", WIRE_VERSIONS.keySet());
    }
}
