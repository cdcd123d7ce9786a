package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockupdb.Go;
import org.mockupdb.MockupServer;
import org.mockupdb.Outcome;

/**
 * Example test classes that {@link MockupDBExtensionTest} runs through JUnit's engine test kit.
 * They are nested classes, which Surefire does not run by itself.
 */
final class Examples {
    /** Every server any example saw, so the outer test can check they were all stopped. */
    static final Set<MockupServer> SEEN = ConcurrentHashMap.newKeySet();

    private Examples() {
    }

    static MockupServer seen(MockupServer server) {
        SEEN.add(server);
        assertTrue(server.isRunning(), "an injected server is started");
        return server;
    }

    @MockupDB
    static class Scopes {
        static MockupServer beforeAll;
        final MockupServer fromConstructor;
        MockupServer beforeEach;
        static final List<MockupServer> PER_TEST = new CopyOnWriteArrayList<>();

        Scopes(MockupServer server) {
            fromConstructor = seen(server);
        }

        @BeforeAll
        static void beforeAll(MockupServer server) {
            beforeAll = seen(server);
        }

        @BeforeEach
        void beforeEach(MockupServer server) {
            beforeEach = seen(server);
        }

        @Test
        void one(MockupServer server) {
            check(server);
        }

        @Test
        void two(MockupServer server) {
            check(server);
        }

        private void check(MockupServer server) {
            assertSame(beforeEach, server, "@BeforeEach and the test share one server");
            assertSame(beforeAll, fromConstructor, "constructor and @BeforeAll share the class's server");
            assertNotSame(fromConstructor, server, "a test's own server is not the class's");
            PER_TEST.add(server);
        }

        @AfterEach
        void afterEach(MockupServer server) {
            assertSame(beforeEach, server, "@AfterEach sees the test's server");
            assertTrue(server.isRunning(), "still running in @AfterEach");
        }
    }

    @MockupDB
    static class Qualifiers {
        @Test
        void twoServers(@ServerName("primary") MockupServer primary, @ServerName("secondary") MockupServer secondary,
                        @ServerName("primary") MockupServer primaryAgain) {
            seen(primary);
            seen(secondary);
            assertNotSame(primary, secondary);
            assertTrue(primary.port() != secondary.port());
            assertSame(primary, primaryAgain);
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @MaxWireVersion(7)
    @interface MongoDB40 {
    }

    @MockupDB
    @MaxWireVersion(13)
    @AutoRespond(value = "ping", reply = "{\"from\": \"class\"}")
    @AutoRespond(value = "count", reply = "{\"n\": 3}")
    static class Configuration {
        @Test
        void classLevel(MockupServer server) {
            assertEquals(13, seen(server).maxWireVersion());
        }

        @Test
        @MaxWireVersion(17)
        void methodWins(MockupServer server) {
            assertEquals(17, seen(server).maxWireVersion());
        }

        @Test
        @MaxWireVersion(17)
        void parameterWins(@MaxWireVersion(6) MockupServer server) {
            assertEquals(6, seen(server).maxWireVersion());
        }

        @Test
        @MongoDB40
        void composedAnnotation(MockupServer server) {
            assertEquals(7, seen(server).maxWireVersion());
        }

        @Test
        @AutoRespond(value = "ping", reply = "{\"from\": \"method\"}")
        void nearestAutoResponderAnswersFirst(MockupServer server, MongoClient client) {
            seen(server);
            Document ping = client.getDatabase("admin").runCommand(new Document("ping", 1));
            assertEquals("method", ping.getString("from"));
            Document count = client.getDatabase("db").runCommand(new Document("count", "c"));
            assertEquals(3, count.getInteger("n"), "class-level responders still apply");
        }

        @Nested
        class Inner {
            @Test
            void inheritsFromTheEnclosingClass(MockupServer server, MongoClient client) {
                assertEquals(13, seen(server).maxWireVersion());
                assertEquals("class", client.getDatabase("admin").runCommand(new Document("ping", 1))
                        .getString("from"));
            }

            @Nested
            @MaxWireVersion(21)
            class Deeper {
                @Test
                void nearestClassWins(MockupServer server) {
                    assertEquals(21, seen(server).maxWireVersion());
                }
            }
        }
    }

    @MockupDB(requestTimeout = "250ms", autoHello = false)
    static class Settings {
        @Test
        void settingsApply(MockupServer server) {
            assertEquals(250, seen(server).requestTimeout().toMillis());
        }
    }

    @MockupDB
    static class Templates {
        static final List<Integer> VERSIONS = new CopyOnWriteArrayList<>();

        @WireVersions({6, 7})
        void listed(MockupServer server) {
            VERSIONS.add(seen(server).maxWireVersion());
        }

        @WireVersions(from = 8, to = 9)
        void range(MockupServer server) {
            VERSIONS.add(seen(server).maxWireVersion());
        }

        @ServerVersions({"4.2", "8.0"})
        void releases(MockupServer server) {
            VERSIONS.add(seen(server).maxWireVersion());
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        void parameterized(String value, MockupServer server) {
            seen(server);
            VERSIONS.add(-1);
        }
    }

    @MockupDB
    static class BadAnnotations {
        @Test
        void badJson(@AutoRespond(value = "ping", reply = "{not json") MockupServer server) {
        }

        @Test
        @MinWireVersion(9)
        @MaxWireVersion(8)
        void minAboveMax(MockupServer server) {
        }

        @Test
        @MockupDB(requestTimeout = "ten seconds")
        void badTimeout(MockupServer server) {
        }
    }

    @MockupDB
    static class Failing {
        @Test
        void failsAfterAConversation(MockupServer server, MongoClient client) {
            seen(server);
            Outcome<Document> insert = Go.go(() -> client.getDatabase("db").runCommand(
                    new Document("insert", "coll").append("documents", List.of(new Document("_id", 42)))));
            server.receives("insert").ok();
            insert.get();
            client.getDatabase("db").getCollection("coll").countDocuments(); // never answered
        }
    }

    @MockupDB(requestTimeout = "100ms")
    static class FailingInReceive {
        @Test
        void expectsWhatNeverComes(MockupServer server) {
            seen(server);
            server.receives("insert");
        }
    }

    @MockupDB
    @AutoRespond("ping")
    static class Parallel {
        static final AtomicInteger RUNNING = new AtomicInteger();
        static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

        @RepeatedTest(60)
        void pingOwnServer(MockupServer server, MongoClient client) {
            int now = RUNNING.incrementAndGet();
            MOST_AT_ONCE.accumulateAndGet(now, Math::max);
            try {
                seen(server);
                assertEquals(1.0, client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok", 0.0)
                        + 0.0);
                assertEquals(1, server.requests().stream().filter(r -> r.matches(org.mockupdb.Spec.command("ping")))
                        .count(), "only this test's ping reached this server");
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }
}
