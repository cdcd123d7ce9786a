package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.MockupDB;

/** Run with mockupdb.requestTimeout=1500ms: the parameter is the default, annotations override it. */
@MockupDB
public class ConfigParametersExample {
    @Test
    void fromTheParameter(MockupServer server) {
        Recorder.record("config", server);
        assertEquals(Duration.ofMillis(1500), server.requestTimeout());
    }

    @Test
    @MockupDB(requestTimeout = "4s")
    void theAnnotationWins(MockupServer server) {
        Recorder.record("config", server);
        assertEquals(Duration.ofSeconds(4), server.requestTimeout());
    }

    @Test
    @MockupDB(tls = true)
    void anotherAttributeLeavesTheTimeoutToTheParameter(MockupServer server) {
        Recorder.record("config", server);
        assertEquals(Duration.ofMillis(1500), server.requestTimeout());
        assertEquals(true, server.isTls());
    }
}
