package org.mockupdb.junit5.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.MockupServer;
import org.mockupdb.internal.ServerReleases;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MinWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerName;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/**
 * The extension behind {@link MockupDB}: resolves {@link MockupServer} (and {@code MongoClient})
 * parameters, runs {@link WireVersions} and {@link ServerVersions} templates, and attaches the
 * servers' conversations to failures. Servers live in a {@link ServerScope} in the store of the
 * extension context the parameter is resolved in (the test's for method parameters, the class's
 * for constructor and {@code @BeforeAll} parameters), and stop when JUnit closes that store.
 */
public final class MockupDBExtension implements ParameterResolver, TestTemplateInvocationContextProvider,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final String SCOPE_KEY = "servers";
    private static final ExtensionContext.Namespace TEMPLATE = ExtensionContext.Namespace.create(
            MockupDBExtension.class, "template");
    private static final String TEMPLATE_KEY = "maxWireVersion";

    /** Creates the extension; JUnit does, through {@link MockupDB}. */
    public MockupDBExtension() {
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == MockupServer.class || type.getName().equals(DriverClients.MONGO_CLIENT);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        String name = parameterContext.findAnnotation(ServerName.class).map(ServerName::value).orElse("");
        ServerScope scope = scope(context);
        ServerScope.Started started = scope.server(name, () -> start(parameterContext, context));
        checkSameConfig(name, started, parameterContext, context);
        if (parameterContext.getParameter().getType() == MockupServer.class) {
            return started.server();
        }
        try {
            return scope.client(name, DriverClients::connect, () -> started);
        } catch (RuntimeException | LinkageError e) {
            throw new ParameterResolutionException("expected to connect a MongoClient to " + started.server()
                    + " for " + ConfigReader.describe(parameterContext) + ", but it failed: " + e, e);
        }
    }

    private static ServerScope.Started start(ParameterContext parameter, ExtensionContext context) {
        ServerConfig config = ConfigReader.read(chain(context), parameter, templateVersion(context));
        MockupServer server;
        try {
            server = config.start();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("expected to start a MockupServer with " + config + " for "
                    + ConfigReader.describe(parameter) + ", but it failed: " + e.getMessage(), e);
        }
        return new ServerScope.Started(server, config, ConfigReader.describe(parameter));
    }

    /** A later parameter that configures the shared server itself must ask for what it already is. */
    private static void checkSameConfig(String name, ServerScope.Started started, ParameterContext parameter,
                                        ExtensionContext context) {
        boolean configures = parameter.isAnnotated(MockupDB.class) || parameter.isAnnotated(MaxWireVersion.class)
                || parameter.isAnnotated(MinWireVersion.class)
                || !parameter.findRepeatableAnnotations(AutoRespond.class).isEmpty();
        if (!configures || ConfigReader.describe(parameter).equals(started.origin())) {
            return;
        }
        ServerConfig asked = ConfigReader.read(chain(context), parameter, templateVersion(context));
        if (!asked.equals(started.config())) {
            throw new ExtensionConfigurationException("expected " + ConfigReader.describe(parameter)
                    + " to share the server named \"" + name + "\" made for " + started.origin() + " with "
                    + started.config() + ", but its annotations ask for " + asked
                    + "; configure the method or class instead, or give the servers different @ServerName");
        }
    }

    /** This context's own scope: a namespace per context, so that a parent's servers are never found. */
    private static ServerScope scope(ExtensionContext context) {
        return context.getStore(namespace(context)).getOrComputeIfAbsent(SCOPE_KEY,
                key -> new ServerScope(context.getDisplayName() + " [" + context.getUniqueId() + "]"),
                ServerScope.class);
    }

    private static ExtensionContext.Namespace namespace(ExtensionContext context) {
        return ExtensionContext.Namespace.create(MockupDBExtension.class, context.getUniqueId());
    }

    /** The annotated elements of the context and its ancestors, outermost first, each once. */
    private static List<AnnotatedElement> chain(ExtensionContext context) {
        Deque<AnnotatedElement> elements = new ArrayDeque<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            c.getElement().ifPresent(elements::addFirst);
        }
        return new ArrayList<>(new LinkedHashSet<>(elements));
    }

    private static ConfigReader.TemplateVersion templateVersion(ExtensionContext context) {
        return context.getStore(TEMPLATE).get(TEMPLATE_KEY, ConfigReader.TemplateVersion.class);
    }

    // ------------------------------------------------------------------ wire-version templates

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, WireVersions.class)
                || AnnotationSupport.isAnnotated(m, ServerVersions.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Optional<WireVersions> wire = AnnotationSupport.findAnnotation(method, WireVersions.class);
        Optional<ServerVersions> releases = AnnotationSupport.findAnnotation(method, ServerVersions.class);
        String where = ConfigReader.describe(method);
        if (wire.isPresent() && releases.isPresent()) {
            throw new ExtensionConfigurationException("@WireVersions and @ServerVersions on " + where
                    + ": expected one of them, got both");
        }
        List<ConfigReader.TemplateVersion> runs = wire.isPresent() ? wireRuns(wire.get(), where)
                : releaseRuns(releases.orElseThrow(), where);
        return runs.stream().map(VersionRun::new);
    }

    private static List<ConfigReader.TemplateVersion> wireRuns(WireVersions a, String where) {
        boolean range = a.from() != -1 || a.to() != -1;
        int[] versions;
        if (range) {
            if (a.value().length > 0) {
                throw new ExtensionConfigurationException("@WireVersions on " + where
                        + ": expected either value or from and to, got both");
            }
            if (a.from() < 0 || a.to() < 0 || a.from() > a.to()) {
                throw new ExtensionConfigurationException("@WireVersions on " + where
                        + ": expected from and to to be wire versions with from <= to, got from = " + a.from()
                        + ", to = " + a.to());
            }
            versions = IntStream.rangeClosed(a.from(), a.to()).toArray();
        } else {
            versions = a.value();
        }
        if (versions.length == 0) {
            throw new ExtensionConfigurationException("@WireVersions on " + where
                    + ": expected value to list at least one wire version, or from and to, got none");
        }
        List<ConfigReader.TemplateVersion> runs = new ArrayList<>();
        for (int v : versions) {
            if (v < 0) {
                throw new ExtensionConfigurationException("@WireVersions on " + where
                        + ": expected value to hold wire versions, 0 or more, got " + v);
            }
            runs.add(new ConfigReader.TemplateVersion(v, "maxWireVersion=" + v));
        }
        return runs;
    }

    private static List<ConfigReader.TemplateVersion> releaseRuns(ServerVersions a, String where) {
        List<String> names;
        boolean range = !a.from().isEmpty() || !a.to().isEmpty();
        if (range) {
            if (a.value().length > 0) {
                throw new ExtensionConfigurationException("@ServerVersions on " + where
                        + ": expected either value or from and to, got both");
            }
            for (String end : List.of(a.from(), a.to())) {
                knownRelease(end, where, a.from().equals(end) ? "from" : "to");
            }
            names = ServerReleases.range(a.from(), a.to());
            if (names.isEmpty()) {
                throw new ExtensionConfigurationException("@ServerVersions on " + where
                        + ": expected from to come before to, got from = \"" + a.from() + "\", to = \"" + a.to() + "\"");
            }
        } else {
            names = List.of(a.value());
        }
        if (names.isEmpty()) {
            throw new ExtensionConfigurationException("@ServerVersions on " + where
                    + ": expected value to list at least one release, or from and to, got none");
        }
        List<ConfigReader.TemplateVersion> runs = new ArrayList<>();
        for (String release : names) {
            int v = knownRelease(release, where, "value");
            runs.add(new ConfigReader.TemplateVersion(v, "maxWireVersion=" + v + " (MongoDB " + release + ")"));
        }
        return runs;
    }

    private static int knownRelease(String release, String where, String element) {
        return ServerReleases.wireVersion(release).orElseThrow(() -> new ExtensionConfigurationException(
                "@ServerVersions on " + where + ": expected " + element + " to name a known release (one of "
                        + ServerReleases.known() + "), got \"" + release + "\""));
    }

    /** One run of a template: names itself and pins the wire version in the run's store. */
    private static final class VersionRun implements TestTemplateInvocationContext {
        private final ConfigReader.TemplateVersion version;

        VersionRun(ConfigReader.TemplateVersion version) {
            this.version = version;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return version.displayName();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            // a callback rather than prepareInvocation(), which only JUnit 5.13 and later call;
            // it runs before any @BeforeEach method resolves a parameter
            return List.of((BeforeEachCallback) context -> context.getStore(TEMPLATE).put(TEMPLATE_KEY, version));
        }
    }

    // ------------------------------------------------------------------ failures

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withConversations(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversations(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversations(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversations(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversations(context, throwable);
    }

    /**
     * Adds each server's conversation, of this scope and the enclosing ones, to the failure as a
     * suppressed {@link ServerConversation} (printed under the stack trace by IDEs and Surefire),
     * and publishes it as a report entry {@code mockupdb.conversation[.name]}. Done once per
     * failure and server, however many handlers see it.
     */
    private static Throwable withConversations(ExtensionContext context, Throwable failure) {
        Set<String> attached = new LinkedHashSet<>();
        for (Throwable s : failure.getSuppressed()) {
            if (s instanceof ServerConversation) {
                attached.add(s.getMessage().lines().findFirst().orElse(""));
            }
        }
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            ServerScope scope = c.getStore(namespace(c)).get(SCOPE_KEY, ServerScope.class);
            if (scope == null) {
                continue;
            }
            for (Map.Entry<String, ServerScope.Started> e : scope.servers().entrySet()) {
                MockupServer server = e.getValue().server();
                String title = "conversation of MockupServer" + (e.getKey().isEmpty() ? "" : " \"" + e.getKey() + "\"")
                        + " at " + server.address() + " (made for " + e.getValue().origin() + "):";
                if (!attached.add(title)) {
                    continue;
                }
                String transcript = server.transcript();
                // indented to sit under the "Suppressed:" line of a printed stack trace
                String indented = transcript.stripTrailing().lines().map(line -> "\t\t" + line)
                        .collect(java.util.stream.Collectors.joining("\n"));
                failure.addSuppressed(new ServerConversation(title + "\n" + indented));
                context.publishReportEntry("mockupdb.conversation" + (e.getKey().isEmpty() ? "" : "." + e.getKey()),
                        title + "\n" + transcript);
            }
        }
        return failure;
    }
}
