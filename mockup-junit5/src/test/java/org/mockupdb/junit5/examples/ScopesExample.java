package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerName;

/** Method-level parameters share a server per test; constructor and @BeforeAll share one per class. */
@MockupDB
public class ScopesExample {
    private final MockupServer classServer;

    @BeforeAll
    static void beforeAll(MockupServer server) {
        Recorder.record("beforeAll", server);
    }

    ScopesExample(MockupServer server) {
        this.classServer = server;
        Recorder.record("constructor", server);
    }

    @BeforeEach
    void beforeEach(MockupServer server, TestInfo info) {
        Recorder.record("beforeEach:" + info.getDisplayName(), server);
    }

    @Test
    void first(MockupServer server, TestInfo info) {
        assertTrue(server.isRunning(), "the test's server runs during the test");
        assertTrue(classServer.isRunning(), "the class's server runs during the test");
        assertNotSame(classServer, server);
        Recorder.record("test:" + info.getDisplayName(), server);
    }

    @Test
    void second(MockupServer server, TestInfo info) {
        Recorder.record("test:" + info.getDisplayName(), server);
    }

    @Test
    void named(@ServerName("primary") MockupServer primary, @ServerName("secondary") MockupServer secondary,
               @ServerName("primary") MockupServer primaryAgain, MockupServer unnamed, TestInfo info) {
        assertSame(primary, primaryAgain);
        assertNotSame(primary, secondary);
        assertNotSame(primary, unnamed);
        assertNotSame(secondary, unnamed);
        Recorder.record("named:primary", primary);
        Recorder.record("named:secondary", secondary);
        Recorder.record("test:" + info.getDisplayName(), unnamed);
    }

    @AfterEach
    void afterEach(MockupServer server, TestInfo info) {
        assertTrue(server.isRunning(), "the test's server still runs in @AfterEach");
        Recorder.record("afterEach:" + info.getDisplayName(), server);
    }

    @AfterAll
    static void afterAll(MockupServer server) {
        assertTrue(server.isRunning(), "the class's server still runs in @AfterAll");
        Recorder.record("afterAll", server);
    }
}
