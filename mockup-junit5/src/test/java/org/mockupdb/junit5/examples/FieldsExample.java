package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerName;
import org.mockupdb.junit5.WireVersions;

/** Servers and clients in fields: static ones for the class, instance ones for each test. No class annotation. */
@AutoRespond(value = "ping", reply = "{from: 'class'}")
public class FieldsExample {
    @MockupDB
    static MockupServer classServer;

    @MockupDB
    private MockupServer server;

    @MockupDB
    private MongoClient client;

    @MockupDB(requestTimeout = "3s")
    @ServerName("other")
    MockupServer other;

    @BeforeAll
    static void beforeAll(MockupServer fromParameter) {
        assertSame(classServer, fromParameter, "a @BeforeAll parameter shares the static field's server");
        Recorder.record("fields:class", classServer);
    }

    @BeforeEach
    void beforeEach(MockupServer fromParameter, TestInfo info) {
        assertSame(server, fromParameter, "a @BeforeEach parameter shares the field's server");
        Recorder.record("fields:test:" + info.getDisplayName(), server);
    }

    @Test
    void first(MockupServer fromParameter, @ServerName("other") MockupServer otherFromParameter) {
        assertSame(server, fromParameter);
        assertSame(other, otherFromParameter);
        assertNotSame(server, other);
        assertNotSame(classServer, server);
        assertEquals(Duration.ofSeconds(3), other.requestTimeout());
        assertEquals(Duration.ofSeconds(10), server.requestTimeout());
        assertEquals("class", client.getDatabase("admin").runCommand(new Document("ping", 1)).getString("from"));
        assertEquals(1, server.requests().stream().filter(r -> r.matches(org.mockupdb.Spec.command("ping"))).count(),
                "the field's client talks to the field's server");
        Recorder.record("fields:other", other);
    }

    @Test
    @MaxWireVersion(21)
    void second() {
        assertTrue(classServer.isRunning());
        assertEquals(21, Recorder.maxWireVersionSeenByDriver(client), "the method's annotations configure the field's server");
    }

    @WireVersions({8, 9})
    void template(TestInfo info) {
        assertEquals(Integer.parseInt(info.getDisplayName().substring("maxWireVersion=".length())),
                Recorder.maxWireVersionSeenByDriver(client), "the run's wire version reaches the field's server");
    }

    @AfterAll
    static void afterAll() {
        assertTrue(classServer.isRunning(), "the class's server still runs in @AfterAll");
    }

    @Nested
    class Inner {
        @MockupDB
        MockupServer innerServer;

        @Test
        void sharesTheTestsServerWithTheEnclosingInstance() {
            assertSame(server, innerServer, "one server per test, enclosing instance or not");
        }
    }
}
