package org.mockupdb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A MongoDB server release and the maxWireVersion its hello announces: the one table MockupDB
 * knows, from 2.6 to 8.0, the rapid releases between major ones included. Nothing extrapolates
 * past it: a wire version no release announces has no release.
 *
 * <pre>{@code
 * ServerRelease.named("7.0").orElseThrow().maxWireVersion();   // 21
 * ServerRelease.announcing(22).map(ServerRelease::version);      // Optional["7.1.0"]
 * }</pre>
 *
 * @param version        the release's version, such as {@code "8.0.0"}
 * @param maxWireVersion the maxWireVersion its hello announces
 * @param major          whether it is a major release (x.0, and the even releases before 5.0) rather
 *                       than a rapid one
 */
public record ServerRelease(String version, int maxWireVersion, boolean major) {
    private static final List<ServerRelease> ALL = List.of(
            new ServerRelease("2.6.0", 2, true), new ServerRelease("3.0.0", 3, true),
            new ServerRelease("3.2.0", 4, true), new ServerRelease("3.4.0", 5, true),
            new ServerRelease("3.6.0", 6, true), new ServerRelease("4.0.0", 7, true),
            new ServerRelease("4.2.0", 8, true), new ServerRelease("4.4.0", 9, true),
            new ServerRelease("5.0.0", 13, true), new ServerRelease("5.1.0", 14, false),
            new ServerRelease("5.2.0", 15, false), new ServerRelease("5.3.0", 16, false),
            new ServerRelease("6.0.0", 17, true), new ServerRelease("6.1.0", 18, false),
            new ServerRelease("6.2.0", 19, false), new ServerRelease("6.3.0", 20, false),
            new ServerRelease("7.0.0", 21, true), new ServerRelease("7.1.0", 22, false),
            new ServerRelease("7.2.0", 23, false), new ServerRelease("7.3.0", 24, false),
            new ServerRelease("8.0.0", 25, true));

    public ServerRelease {
        Objects.requireNonNull(version, "version");
    }

    /** {@return every release MockupDB knows, oldest first} */
    public static List<ServerRelease> all() {
        return ALL;
    }

    /** {@return the major releases, oldest first} */
    public static List<ServerRelease> majors() {
        return ALL.stream().filter(ServerRelease::major).toList();
    }

    /**
     * The release of this version.
     *
     * @param version {@code "7.0"} or {@code "7.0.0"}
     * @return the release, or empty for a version MockupDB does not know
     */
    public static Optional<ServerRelease> named(String version) {
        Objects.requireNonNull(version, "version");
        return ALL.stream().filter(r -> r.version.equals(version) || r.series().equals(version)).findFirst();
    }

    /**
     * The release that announces exactly this maxWireVersion.
     *
     * @param maxWireVersion a hello's maxWireVersion
     * @return the release, or empty for 0 and 1, the development series 10 to 12, and past 25
     */
    public static Optional<ServerRelease> announcing(int maxWireVersion) {
        return ALL.stream().filter(r -> r.maxWireVersion == maxWireVersion).findFirst();
    }

    /**
     * The newest release whose maxWireVersion is at most this one ({@code 8.0.0} for 99,
     * {@code 4.4.0} for 11), or the oldest release for a wire version below all of them: what a
     * server that must name some version reports.
     *
     * @param maxWireVersion a hello's maxWireVersion
     * @return the release
     */
    public static ServerRelease newestUpTo(int maxWireVersion) {
        ServerRelease found = ALL.get(0);
        for (ServerRelease r : ALL) {
            if (r.maxWireVersion <= maxWireVersion) {
                found = r;
            }
        }
        return found;
    }

    /** {@return the major and minor version, such as {@code "8.0"}} */
    public String series() {
        int second = version.indexOf('.', version.indexOf('.') + 1);
        return second < 0 ? version : version.substring(0, second);
    }
}
