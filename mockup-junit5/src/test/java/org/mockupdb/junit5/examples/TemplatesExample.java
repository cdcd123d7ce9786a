package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/** Wire-version templates and @ParameterizedTest. */
@MockupDB
@MaxWireVersion(21)
@AutoRespond("ping")
public class TemplatesExample {
    private MockupServer fromBeforeEach;

    @BeforeEach
    void beforeEach(MockupServer server) {
        fromBeforeEach = server;
    }

    /** "maxWireVersion=6" or "maxWireVersion=8 (MongoDB 4.2)" gives 6 or 8. */
    static int versionIn(TestInfo info) {
        String name = info.getDisplayName();
        return Integer.parseInt(name.replaceAll("^maxWireVersion=(\\d+).*$", "$1"));
    }

    @WireVersions({6, 7, 8, 25})
    void listed(MockupServer server, MongoClient client, TestInfo info) {
        assertSame(fromBeforeEach, server, "@BeforeEach and the run share the server");
        assertEquals(versionIn(info), Recorder.maxWireVersionSeenByDriver(client));
        Recorder.record("listed", server);
    }

    @WireVersions(from = 7, to = 9)
    void range(MongoClient client, TestInfo info) {
        assertEquals(versionIn(info), Recorder.maxWireVersionSeenByDriver(client));
    }

    @ServerVersions({"3.6", "4.2", "8.0"})
    void releases(MongoClient client, TestInfo info) {
        assertEquals(versionIn(info), Recorder.maxWireVersionSeenByDriver(client));
    }

    @ServerVersions(from = "5.0", to = "7.0")
    void releaseRange(MongoClient client, TestInfo info) {
        assertEquals(versionIn(info), Recorder.maxWireVersionSeenByDriver(client));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    void parameterized(String letter, MockupServer server, MongoClient client) {
        assertSame(fromBeforeEach, server, "@BeforeEach and the invocation share the server");
        assertEquals(21, Recorder.maxWireVersionSeenByDriver(client));
        Recorder.record("parameterized", server);
    }
}
