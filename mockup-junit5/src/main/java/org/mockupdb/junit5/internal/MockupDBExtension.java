package org.mockupdb.junit5.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
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
import org.junit.platform.commons.support.ModifierSupport;
import org.mockupdb.MockupServer;
import org.mockupdb.ServerRelease;
import org.mockupdb.junit5.FaultSweep;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/**
 * The extension behind {@link MockupDB}: resolves {@link MockupServer} (and {@code MongoClient})
 * parameters and fields, runs {@link WireVersions}, {@link ServerVersions} and {@link FaultSweep} templates, attaches the
 * servers' conversations to failures, and fails tests that leave requests or errors unhandled.
 * Servers live in a {@link ServerScope} in the store of the extension context the parameter is
 * resolved in or the field injected in (the test's for method parameters and instance fields, the
 * class's for constructor and {@code @BeforeAll} parameters and static fields), and stop when JUnit
 * closes that store.
 */
public final class MockupDBExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback,
        AfterEachCallback, AfterAllCallback, TestTemplateInvocationContextProvider, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    private static final String SCOPE_KEY = "servers";
    private static final ExtensionContext.Namespace TEMPLATE = ExtensionContext.Namespace.create(
            MockupDBExtension.class, "template");
    private static final String TEMPLATE_KEY = "runs";
    private static final String SWEEP_KEY = "sweep";
    private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

    /** Creates the extension; JUnit does, through {@link MockupDB}. */
    public MockupDBExtension() {
    }

    // ------------------------------------------------------------------ parameters and fields

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return injectable(parameterContext.getParameter().getType());
    }

    private static boolean injectable(Class<?> type) {
        return type == MockupServer.class || type.getName().equals(DriverClients.MONGO_CLIENT)
                || TopologyConfig.Kind.of(type) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        return inject(InjectionPoint.of(parameterContext), context,
                () -> Topologies.siblings(parameterContext, context));
    }

    /** Injects the static {@code @MockupDB} fields of the class: class scope. */
    @Override
    public void beforeAll(ExtensionContext context) {
        injectFields(context, null, ModifierSupport::isStatic);
    }

    /** Injects the instance {@code @MockupDB} fields of the test instances (enclosing ones too): test scope. */
    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance, ModifierSupport::isNotStatic);
        }
    }

    private static void injectFields(ExtensionContext context, Object instance, Predicate<Field> which) {
        Class<?> type = instance == null ? context.getRequiredTestClass() : instance.getClass();
        for (Field field : AnnotationSupport.findAnnotatedFields(type, MockupDB.class, which)) {
            InjectionPoint point = InjectionPoint.of(field);
            if (!injectable(field.getType())) {
                throw new ExtensionConfigurationException("@MockupDB on " + point.describe()
                        + ": expected a field of type MockupServer, MockupReplicaSet, MockupShardedCluster or "
                        + DriverClients.MONGO_CLIENT + ", got " + field.getType().getName());
            }
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@MockupDB on " + point.describe()
                        + ": expected a field that is not final, so that the extension can set it");
            }
            Object value = inject(point, context, () -> Topologies.siblings(type, which, context, instance != null));
            try {
                field.setAccessible(true);
                field.set(instance, value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException("expected to set " + point.describe() + ", but it failed: "
                        + e, e);
            }
        }
    }

    /**
     * The server, topology or client for {@code point}, shared within the scope of {@code context} by
     * name. A client connects to the topology of its name when there is one: made already in the
     * scope, asked for by a parameter or field beside it ({@code siblings}: the other parameters
     * of its method, the other fields of its class), or by a {@code @ReplicaSet} or
     * {@code @ShardedCluster} that applies to it; otherwise to the server of its name.
     */
    private static Object inject(InjectionPoint point, ExtensionContext context,
                                 Supplier<List<InjectionPoint>> siblings) {
        String name = point.serverName();
        ServerScope scope = scope(context);
        TopologyConfig.Kind kind = TopologyConfig.Kind.of(point.type());
        if (kind != null) {
            return Topologies.inject(kind, point, scope, chain(context), templateVersion(context),
                    context::getConfigurationParameter).value();
        }
        if (point.type() == MockupServer.class) {
            Topologies.checkNotOnServer(point);
        } else {
            Optional<Topology> topology = Topologies.forClient(point, scope, siblings, chain(context),
                    templateVersion(context), context::getConfigurationParameter);
            if (topology.isPresent()) {
                ClientConfig config = ConfigReader.readClient(chain(context), point);
                try {
                    return scope.topologyClient(name, config, point.describe(), DriverClients::connect,
                            topology::get);
                } catch (ExtensionConfigurationException e) {
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    throw new ParameterResolutionException("expected to connect a MongoClient to " + topology.get()
                            + " for " + point.describe() + ", but it failed: " + e, e);
                }
            }
        }
        ServerScope.Started started = scope.server(name, () -> start(point, context));
        checkSameConfig(name, started, point, context);
        if (point.type() == MockupServer.class) {
            return started.server();
        }
        ClientConfig config = ConfigReader.readClient(chain(context), point);
        try {
            return scope.client(name, config, point.describe(), (s, c) -> DriverClients.connect(s.server(), c),
                    () -> started);
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ParameterResolutionException("expected to connect a MongoClient to " + started.server()
                    + " for " + point.describe() + ", but it failed: " + e, e);
        }
    }

    private static ServerScope.Started start(InjectionPoint point, ExtensionContext context) {
        ServerConfig config = ConfigReader.read(chain(context), point, templateVersion(context),
                context::getConfigurationParameter);
        MockupServer server;
        try {
            server = config.start();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("expected to start a MockupServer with " + config + " for "
                    + point.describe() + ", but it failed: " + e.getMessage(), e);
        }
        SweepRuns.Run sweepRun = sweepRun(context);
        if (sweepRun != null) {
            sweepRun.arm(server);
        }
        return new ServerScope.Started(server, config, point.describe());
    }

    /** The {@link FaultSweep} run that {@code context} is in, or null; found as {@link #templateVersion} finds a version. */
    private static SweepRuns.Run sweepRun(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Matcher m = INVOCATION.matcher(c.getUniqueId());
            if (m.find()) {
                SweepRuns runs = c.getParent().map(p -> p.getStore(TEMPLATE).get(SWEEP_KEY, SweepRuns.class))
                        .orElse(null);
                return runs == null ? null : runs.run(Integer.parseInt(m.group(1)));
            }
        }
        return null;
    }

    /** The servers of {@code context}'s own scope. */
    static List<MockupServer> servers(ExtensionContext context) {
        ServerScope scope = context.getStore(namespace(context)).get(SCOPE_KEY, ServerScope.class);
        return scope == null ? List.of()
                : scope.servers().values().stream().map(ServerScope.Started::server).toList();
    }

    /** A later parameter or field that configures the shared server itself must ask for what it already is. */
    private static void checkSameConfig(String name, ServerScope.Started started, InjectionPoint point,
                                        ExtensionContext context) {
        if (!ConfigReader.configures(point) || point.describe().equals(started.origin())) {
            return;
        }
        ServerConfig asked = ConfigReader.read(chain(context), point, templateVersion(context),
                context::getConfigurationParameter);
        if (!asked.equals(started.config())) {
            throw new ExtensionConfigurationException("expected " + point.describe()
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

    /**
     * The wire version of the {@link WireVersions} or {@link ServerVersions} run that {@code context} is
     * in, or null: the template's context holds its runs, in order, and a run's unique ID ends with its
     * invocation number. (Read this way because a run's own extensions come after this one, too late
     * for the fields this one injects before each test.)
     */
    private static ConfigReader.TemplateVersion templateVersion(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Matcher m = INVOCATION.matcher(c.getUniqueId());
            if (m.find()) {
                List<?> runs = c.getParent().map(p -> p.getStore(TEMPLATE).get(TEMPLATE_KEY, List.class)).orElse(null);
                int index = Integer.parseInt(m.group(1)) - 1;
                return runs != null && index < runs.size() ? (ConfigReader.TemplateVersion) runs.get(index) : null;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ wire-version templates

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, WireVersions.class)
                || AnnotationSupport.isAnnotated(m, ServerVersions.class)
                || AnnotationSupport.isAnnotated(m, FaultSweep.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Optional<WireVersions> wire = AnnotationSupport.findAnnotation(method, WireVersions.class);
        Optional<ServerVersions> releases = AnnotationSupport.findAnnotation(method, ServerVersions.class);
        String where = ConfigReader.describe(method);
        Optional<FaultSweep> sweep = AnnotationSupport.findAnnotation(method, FaultSweep.class);
        if (sweep.isPresent()) {
            if (wire.isPresent() || releases.isPresent()) {
                throw new ExtensionConfigurationException("@FaultSweep on " + where + ": expected it alone, got it "
                        + "with @" + (wire.isPresent() ? "WireVersions" : "ServerVersions"));
            }
            SweepRuns runs = sweepRuns(sweep.get(), where);
            context.getStore(TEMPLATE).put(SWEEP_KEY, runs);
            return runs.invocations();
        }
        if (wire.isPresent() && releases.isPresent()) {
            throw new ExtensionConfigurationException("@WireVersions and @ServerVersions on " + where
                    + ": expected one of them, got both");
        }
        List<ConfigReader.TemplateVersion> runs = wire.isPresent() ? wireRuns(wire.get(), where)
                : releaseRuns(releases.orElseThrow(), where);
        context.getStore(TEMPLATE).put(TEMPLATE_KEY, List.copyOf(runs));
        return runs.stream().map(VersionRun::new);
    }

    private static SweepRuns sweepRuns(FaultSweep a, String where) {
        org.mockupdb.FaultSweeper.Builder builder = org.mockupdb.FaultSweeper.builder();
        try {
            builder.faults(a.faults()).maxInvocations(a.maxInvocations()).seed(a.seed())
                    .includeMonitoring(a.includeMonitoring());
            if (a.commands().length > 0) {
                builder.commands(a.commands());
            }
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@FaultSweep on " + where + ": " + e.getMessage(), e);
        }
        Duration deadline = null;
        if (!a.deadline().isEmpty()) {
            deadline = ConfigReader.duration(a.deadline(), "@FaultSweep on " + where + ": expected deadline");
            if (deadline.isZero() || deadline.isNegative()) {
                throw new ExtensionConfigurationException("@FaultSweep on " + where
                        + ": expected a positive deadline, got \"" + a.deadline() + "\"");
            }
            builder.deadline(deadline);
        }
        return new SweepRuns(builder.build(), deadline, where);
    }

    private static List<ConfigReader.TemplateVersion> wireRuns(WireVersions a, String where) {
        int[] versions;
        if (a.value().length > 0) {
            if (a.from() != -1 || a.to() != -1) {
                throw new ExtensionConfigurationException("@WireVersions on " + where
                        + ": expected either value or from and to, got both");
            }
            versions = a.value();
        } else {
            int from = a.from() != -1 ? a.from() : oldestWireVersion();
            int to = a.to() != -1 ? a.to() : MockupServer.DEFAULT_MAX_WIRE_VERSION;
            if (from < 0 || to < 0 || from > to) {
                throw new ExtensionConfigurationException("@WireVersions on " + where
                        + ": expected from and to to be wire versions with from <= to, got from = " + from
                        + ", to = " + to);
            }
            versions = IntStream.rangeClosed(from, to).toArray();
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
        if (a.value().length > 0) {
            if (!a.from().isEmpty() || !a.to().isEmpty()) {
                throw new ExtensionConfigurationException("@ServerVersions on " + where
                        + ": expected either value or from and to, got both");
            }
            names = List.of(a.value());
        } else {
            List<String> known = majors();
            int oldest = oldestWireVersion();
            String from = a.from().isEmpty() ? known.stream()
                    .filter(r -> knownRelease(r, where, "from") >= oldest)
                    .findFirst().orElse(known.get(known.size() - 1)) : a.from();
            String to = a.to().isEmpty() ? known.get(known.size() - 1) : a.to();
            int first = known.indexOf(known.stream().filter(r -> r.equals(from)).findFirst().orElse(null));
            int last = known.indexOf(known.stream().filter(r -> r.equals(to)).findFirst().orElse(null));
            knownRelease(from, where, "from");
            knownRelease(to, where, "to");
            names = first <= last ? known.subList(first, last + 1) : List.of();
            if (names.isEmpty()) {
                throw new ExtensionConfigurationException("@ServerVersions on " + where
                        + ": expected from to come before to, got from = \"" + from + "\", to = \"" + to + "\"");
            }
        }
        List<ConfigReader.TemplateVersion> runs = new ArrayList<>();
        for (String release : names) {
            int v = knownRelease(release, where, "value");
            runs.add(new ConfigReader.TemplateVersion(v, "maxWireVersion=" + v + " (MongoDB " + release + ")"));
        }
        return runs;
    }

    /**
     * Where a range without {@code from} starts: the lowest maxWireVersion the driver on the class path
     * talks to (8, MongoDB 4.2, for driver 5.x), or the oldest known release's without the driver.
     */
    /** Whether mongodb-driver-sync is on the class path, asked without loading {@link DriverClients}. */
    private static boolean driverPresent() {
        try {
            Class.forName(DriverClients.MONGO_CLIENT, false, MockupDBExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static int oldestWireVersion() {
        if (driverPresent()) {
            return DriverClients.minWireVersion();
        }
        return ServerRelease.majors().get(0).maxWireVersion();
    }

    /** The major releases' series, oldest first: what {@code @ServerVersions} names. */
    private static List<String> majors() {
        return ServerRelease.majors().stream().map(ServerRelease::series).toList();
    }

    private static int knownRelease(String release, String where, String element) {
        return ServerRelease.named(release).filter(ServerRelease::major).map(ServerRelease::maxWireVersion)
                .orElseThrow(() -> new ExtensionConfigurationException("@ServerVersions on " + where + ": expected "
                        + element + " to name a known release (one of " + String.join(", ", majors())
                        + "), got \"" + release + "\""));
    }

    /** One run of a template: names itself; {@link #templateVersion} finds its wire version. */
    private static final class VersionRun implements TestTemplateInvocationContext {
        private final ConfigReader.TemplateVersion version;

        VersionRun(ConfigReader.TemplateVersion version) {
            this.version = version;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return version.displayName();
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
     * failure and server, however many handlers see it. When an injected client's driver refused its
     * server, the driver's exception is thrown instead, with the failure suppressed under it, so that
     * the driver's message comes first rather than, say, the "got nothing" of a {@code receives()}.
     */
    private static Throwable withConversations(ExtensionContext context, Throwable failure) {
        Throwable thrown = failure;
        if (hasDriverClient(context) && !DriverClients.isRefusal(failure)) {
            for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
                ServerScope scope = c.getStore(namespace(c)).get(SCOPE_KEY, ServerScope.class);
                if (scope == null) {
                    continue;
                }
                for (ServerScope.Client client : scope.allClients()) {
                    Optional<RuntimeException> refusal = DriverClients.refusal(client.client());
                    if (refusal.isPresent()) {
                        thrown = refusal.get();
                        thrown.addSuppressed(failure);
                        break;
                    }
                }
                if (thrown != failure) {
                    break;
                }
            }
        }
        attachConversations(context, thrown);
        return thrown;
    }

    private static boolean hasDriverClient(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            ServerScope scope = c.getStore(namespace(c)).get(SCOPE_KEY, ServerScope.class);
            if (scope != null && !scope.allClients().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void attachConversations(ExtensionContext context, Throwable failure) {
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
                String title = "conversation of " + title(e.getKey(), e.getValue()) + ":";
                if (!attached.add(title)) {
                    continue;
                }
                failure.addSuppressed(ServerConversation.of(title, e.getValue().server()));
                context.publishReportEntry("mockupdb.conversation" + (e.getKey().isEmpty() ? "" : "." + e.getKey()),
                        title + "\n" + e.getValue().server().transcript());
            }
            Topologies.attachConversations(scope, context, failure, attached);
        }
    }

    private static String title(String name, ServerScope.Started started) {
        return "MockupServer" + (name.isEmpty() ? "" : " \"" + name + "\"") + " at " + started.server().address()
                + " (made for " + started.origin() + ")";
    }

    // ------------------------------------------------------------------ leftovers

    /**
     * Fails a test that passed when a server of its scope, or of an enclosing scope, holds requests
     * the test never took or errors no {@code receives()} reported, and the server's configuration
     * asks for it ({@link MockupDB#failOnUnhandled()}). After a failed test, its leftovers count as
     * reported: the test keeps its own failure, which carries the conversation already.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        SweepRuns.Run sweepRun = sweepRun(context);
        if (sweepRun != null) {
            sweepRun.finish(context);
        }
        checkLeftovers(context, context.getExecutionException().isPresent());
    }

    /** The class's servers: what arrived after the last test, in {@code @AfterAll} methods say. */
    @Override
    public void afterAll(ExtensionContext context) {
        checkLeftovers(context, context.getExecutionException().isPresent());
    }

    private static void checkLeftovers(ExtensionContext context, boolean failed) {
        List<Leftovers.Section> sections = new ArrayList<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            ServerScope scope = c.getStore(namespace(c)).get(SCOPE_KEY, ServerScope.class);
            if (scope == null) {
                continue;
            }
            for (Map.Entry<String, ServerScope.Started> e : scope.servers().entrySet()) {
                ServerScope.Started started = e.getValue();
                Leftovers.Found found = started.leftovers().take(started.server());
                if (!failed && started.config().failOnUnhandled() && !found.isEmpty()) {
                    sections.add(new Leftovers.Section(title(e.getKey(), started), found,
                            started.server().transcript()));
                }
            }
            sections.addAll(Topologies.leftovers(scope, failed));
        }
        if (!sections.isEmpty()) {
            throw Leftovers.failure(sections, Leftovers.SWITCH_OFF);
        }
    }
}
