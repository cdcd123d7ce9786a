package org.mockupdb.bench;

import com.mongodb.client.MongoClient;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MockupDB;

/**
 * Figure 3's test classes. {@link Repeat} makes a test method a template of N invocations, N
 * read from the launcher's configuration parameter {@value #COUNT}: N real tests, each with its
 * own extension context (so its own server and client) and its own before/after callbacks,
 * with N chosen per run, which {@code @RepeatedTest} (a compile-time constant) cannot do.
 */
public final class JUnitCycle {
    static final String COUNT = "mockupdb.bench.tests";

    /** Which server {@link ByHand} starts; set by the harness before it launches the class. */
    static volatile Kind handKind = Kind.BASELINE;

    private JUnitCycle() {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @TestTemplate
    @ExtendWith(Repeat.Provider.class)
    public @interface Repeat {
        /** N invocations of the template. */
        final class Provider implements TestTemplateInvocationContextProvider {
            @Override
            public boolean supportsTestTemplate(ExtensionContext context) {
                return true;
            }

            @Override
            public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
                int n = context.getConfigurationParameter(COUNT).map(Integer::parseInt).orElse(1);
                return IntStream.rangeClosed(1, n).mapToObj(i -> new TestTemplateInvocationContext() {
                    @Override
                    public String getDisplayName(int invocationIndex) {
                        return "test " + invocationIndex;
                    }
                });
            }
        }
    }

    /** The baseline's and the peer's tests: server and client started and stopped around each test. */
    public static class ByHand {
        private BenchServer server;
        private MongoClient client;

        @BeforeEach
        void up() {
            server = handKind.create().start();
            client = Clients.create(server.uri());
        }

        @Repeat
        void ping() {
            Clients.ping(client);
        }

        @AfterEach
        void down() {
            client.close();
            server.stop();
        }
    }

    /** Our tests: the extension starts a server per test and connects a client to it. */
    @MockupDB
    @AutoRespond("ping")
    public static class Extension {
        @Repeat
        void ping(MockupServer server, MongoClient client) {
            Clients.ping(client);
        }
    }
}
