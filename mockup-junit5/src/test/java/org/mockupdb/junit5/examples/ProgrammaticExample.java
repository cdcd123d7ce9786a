package org.mockupdb.junit5.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockupdb.MockupServer;
import org.mockupdb.Spec;
import org.mockupdb.junit5.MockupServerExtension;

/** MockupServerExtension in a static field (one server for the class) and an instance field (one per test). */
public class ProgrammaticExample {
    static MockupServer firstSeen;

    @RegisterExtension
    static MockupServerExtension shared = MockupServerExtension.builder()
            .server(b -> b.requestTimeout(Duration.ofSeconds(3)).journalLimit(50).maxWireVersion(21))
            .server(b -> b.helloField("msg", "isdbgrid"))
            .clientUriOptions("appName=programmatic")
            .client(settings -> settings.retryReads(false))
            .build();

    @RegisterExtension
    MockupServerExtension perTest = new MockupServerExtension();

    @Test
    void everyBuilderSettingReachesTheServer() {
        MockupServer server = shared.server();
        Recorder.record("programmatic", server);
        Recorder.record("programmatic:perTest", perTest.server());
        assertEquals(Duration.ofSeconds(3), server.requestTimeout());
        assertEquals(21, server.maxWireVersion());
        server.autoResponds("ping");
        shared.client().getDatabase("admin").runCommand(new Document("ping", 1));
        assertEquals("programmatic", server.requests().get(0).body().getDocument("client")
                .getDocument("application").getString("name").getValue(), "the client's URI options apply");
        assertEquals(com.mongodb.connection.ServerType.SHARD_ROUTER,
                shared.client().getClusterDescription().getServerDescriptions().get(0).getType(),
                "helloField(\"msg\", \"isdbgrid\") reached the hello");
        assertNotSame(server, perTest.server());
        firstSeen = server;
    }

    @Test
    void theStaticOneIsSharedTheInstanceOneIsNot() {
        Recorder.record("programmatic:perTest", perTest.server());
        if (firstSeen != null) {
            assertSame(firstSeen, shared.server());
        }
        assertTrue(perTest.server().isRunning());
        assertEquals(Duration.ofSeconds(10), perTest.server().requestTimeout());
    }

    @Test
    void leftoversFailTheTest() {
        var find = org.mockupdb.Go.go(() -> perTest.client().getDatabase("db").getCollection("c").find().first());
        assertTrue(perTest.server().got(Spec.command("find")), "the find arrived");
    }

    @Nested
    class Inner {
        @Test
        void seesTheEnclosingClassesServer() {
            assertTrue(shared.server().isRunning());
            if (firstSeen != null) {
                assertSame(firstSeen, shared.server());
            }
        }
    }
}
