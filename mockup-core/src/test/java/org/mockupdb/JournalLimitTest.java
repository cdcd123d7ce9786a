package org.mockupdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class JournalLimitTest {
    /** Sends {@code n} pings and reads each answer; returns their request ids in order. */
    private static List<Integer> ping(MockupServer server, int n) {
        List<Integer> ids = new ArrayList<>();
        try (RawClient client = new RawClient(server)) {
            for (int i = 0; i < n; i++) {
                ids.add(client.sendMsg(new Document("ping", 1)));
                client.read();
            }
        }
        return ids;
    }

    @Test
    void keepsOnlyTheLastRequestsAndABoundedTranscript() {
        try (MockupServer server = MockupServer.builder().journalLimit(3).start()) {
            server.autoResponds("ping");
            List<Integer> sent = ping(server, 50);

            List<Integer> kept = server.requests().stream().map(Request::requestId).toList();
            assertEquals(sent.subList(47, 50), kept, "the journal keeps the last 3 requests, oldest first");
            assertEquals(50, server.requestCount(), "requestCount() still counts every request");
            String transcript = server.transcript();
            assertTrue(transcript.contains("earlier entries dropped"), transcript);
            long entries = transcript.lines().filter(line -> line.startsWith("  ")).count();
            assertTrue(entries <= 12, "at most 4 entries a request kept, got " + entries + ":\n" + transcript);
        }
    }

    @Test
    void isUnlimitedByDefault() {
        try (MockupServer server = new MockupServer().start()) {
            server.autoResponds("ping");
            ping(server, 50);
            assertEquals(50, server.requests().size());
            assertTrue(!server.transcript().contains("dropped"));
        }
    }

    @Test
    void refusesALimitBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MockupServer.builder().journalLimit(0));
        assertEquals("expected a journal limit of 1 or more, got 0", e.getMessage());
    }
}
