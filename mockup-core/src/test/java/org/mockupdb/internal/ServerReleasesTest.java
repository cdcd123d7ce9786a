package org.mockupdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The table of MongoDB releases: the version each maxWireVersion stands for, and none made up. */
class ServerReleasesTest {

    @Test
    void eachReleaseHasTheWireVersionItAnnounces() {
        assertEquals(Optional.of("8.0.0"), ServerReleases.version(25));
        assertEquals(Optional.of("7.1.0"), ServerReleases.version(22));
        assertEquals(Optional.of("7.0.0"), ServerReleases.version(21));
        assertEquals(Optional.of("6.0.0"), ServerReleases.version(17));
        assertEquals(Optional.of("5.0.0"), ServerReleases.version(13));
        assertEquals(Optional.of("4.4.0"), ServerReleases.version(9));
        assertEquals(Optional.of("4.2.0"), ServerReleases.version(8));
        assertEquals(Optional.of("3.6.0"), ServerReleases.version(6));
        assertEquals(Optional.of("2.6.0"), ServerReleases.version(2));
    }

    @Test
    void aWireVersionNoReleaseAnnouncesHasNoVersion() {
        for (int wireVersion : List.of(0, 1, 10, 12, 26, 99)) {
            assertEquals(Optional.empty(), ServerReleases.version(wireVersion), "wire version " + wireVersion);
        }
    }

    @Test
    void theNearestVersionIsTheNewestReleaseAtOrBelow() {
        assertEquals("8.0.0", ServerReleases.nearestVersion(99));
        assertEquals("8.0.0", ServerReleases.nearestVersion(25));
        assertEquals("4.4.0", ServerReleases.nearestVersion(11));
        assertEquals("2.6.0", ServerReleases.nearestVersion(0), "below every release: the oldest");
    }

    @Test
    void theMajorReleasesForServerVersionsAreUnchanged() {
        assertEquals(List.of("6.0", "7.0", "8.0"), ServerReleases.range("6.0", "8.0"));
        assertEquals(Optional.of(7), ServerReleases.wireVersion("4.0"));
    }
}
