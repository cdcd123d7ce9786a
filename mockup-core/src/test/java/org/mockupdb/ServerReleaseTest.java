package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The table of MongoDB releases: the version each maxWireVersion stands for, and none made up. */
class ServerReleaseTest {

    private static Optional<String> version(int wireVersion) {
        return ServerRelease.announcing(wireVersion).map(ServerRelease::version);
    }

    @Test
    void eachReleaseHasTheWireVersionItAnnounces() {
        assertEquals(Optional.of("8.0.0"), version(25));
        assertEquals(Optional.of("7.1.0"), version(22));
        assertEquals(Optional.of("7.0.0"), version(21));
        assertEquals(Optional.of("6.0.0"), version(17));
        assertEquals(Optional.of("5.0.0"), version(13));
        assertEquals(Optional.of("4.4.0"), version(9));
        assertEquals(Optional.of("4.2.0"), version(8));
        assertEquals(Optional.of("3.6.0"), version(6));
        assertEquals(Optional.of("2.6.0"), version(2));
    }

    @Test
    void aWireVersionNoReleaseAnnouncesHasNoRelease() {
        for (int wireVersion : List.of(0, 1, 10, 12, 26, 99)) {
            assertEquals(Optional.empty(), version(wireVersion), "wire version " + wireVersion);
        }
    }

    @Test
    void theNewestReleaseUpToAWireVersion() {
        assertEquals("8.0.0", ServerRelease.newestUpTo(99).version());
        assertEquals("8.0.0", ServerRelease.newestUpTo(25).version());
        assertEquals("4.4.0", ServerRelease.newestUpTo(11).version());
        assertEquals("2.6.0", ServerRelease.newestUpTo(0).version(), "below every release: the oldest");
    }

    @Test
    void releasesAreNamedBySeriesOrVersion() {
        assertEquals(Optional.of(7), ServerRelease.named("4.0").map(ServerRelease::maxWireVersion));
        assertEquals(Optional.of(22), ServerRelease.named("7.1.0").map(ServerRelease::maxWireVersion));
        assertEquals(Optional.empty(), ServerRelease.named("9.9"));
        assertEquals(List.of("2.6", "3.0", "3.2", "3.4", "3.6", "4.0", "4.2", "4.4", "5.0", "6.0", "7.0", "8.0"),
                ServerRelease.majors().stream().map(ServerRelease::series).toList());
    }
}
