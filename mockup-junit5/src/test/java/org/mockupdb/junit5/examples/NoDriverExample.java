package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.WireVersions;

/** Uses no driver: {@link NoDriverMain} runs it on a class path without mongodb-driver-sync. */
@MockupDB
public class NoDriverExample {
    @Test
    void serverOnly(MockupServer server) {
        assertTrue(server.isRunning());
    }

    @WireVersions({8, 9})
    void template(MockupServer server) {
        assertTrue(server.isRunning());
    }
}
