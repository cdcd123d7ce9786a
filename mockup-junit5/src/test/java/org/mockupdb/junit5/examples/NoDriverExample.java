package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.MockupServerExtension;
import org.mockupdb.junit5.WireVersions;

/** Uses no driver: {@link NoDriverMain} runs it on a class path without mongodb-driver-sync. */
@MockupDB
public class NoDriverExample {
    @RegisterExtension
    static MockupServerExtension programmatic = MockupServerExtension.builder()
            .server(b -> b.requestTimeout(java.time.Duration.ofSeconds(2))).build();

    @MockupDB
    MockupServer field;

    @Test
    void serverOnly(MockupServer server) {
        assertTrue(server.isRunning());
        assertTrue(field == server, "the field's server is the parameter's");
        assertTrue(programmatic.server().isRunning());
    }

    @WireVersions({8, 9})
    void template(MockupServer server) {
        assertTrue(server.isRunning());
    }

    /** Without the driver, a range without from starts at the oldest known release's wire version, 2 (2.6). */
    @WireVersions(to = 3)
    void rangeFromTheOldestRelease(MockupServer server) {
        assertTrue(server.maxWireVersion() == 2 || server.maxWireVersion() == 3, "got " + server.maxWireVersion());
    }
}
