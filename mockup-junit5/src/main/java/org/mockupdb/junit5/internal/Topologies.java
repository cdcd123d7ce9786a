package org.mockupdb.junit5.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ReplicaSet;
import org.mockupdb.junit5.ShardedCluster;

/**
 * The extension's part for {@code MockupReplicaSet} and {@code MockupShardedCluster}: starting them in a
 * scope, finding the topology a {@code MongoClient} connects to, and reporting every member's
 * conversation and leftovers.
 */
final class Topologies {
    private Topologies() {
    }

    /** The topology of {@code kind} for {@code point}, started in {@code scope} for the first who asks. */
    static Topology inject(TopologyConfig.Kind kind, InjectionPoint point, ServerScope scope,
                           List<AnnotatedElement> chain, ConfigReader.TemplateVersion template,
                           ConfigReader.Parameters parameters) {
        String name = point.serverName();
        Topology topology = scope.topology(name, () -> start(kind, point, chain, template, parameters));
        if (topology.config().kind() != kind) {
            throw new ExtensionConfigurationException("expected " + point.describe() + " to get the "
                    + kind.typeName() + " named \"" + name + "\", but that name is taken in this scope by the "
                    + topology.config().kind().typeName() + " made for " + topology.origin()
                    + "; give them different @ServerName");
        }
        checkSameConfig(name, topology, point, chain, template, parameters);
        return topology;
    }

    private static Topology start(TopologyConfig.Kind kind, InjectionPoint point, List<AnnotatedElement> chain,
                                  ConfigReader.TemplateVersion template, ConfigReader.Parameters parameters) {
        TopologyConfig config = TopologyReader.read(kind, chain, point, template, parameters);
        try {
            return config.start(point.describe());
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("expected to start a " + kind.typeName() + " with " + config
                    + " for " + point.describe() + ", but it failed: " + e.getMessage(), e);
        }
    }

    /** A later parameter or field that configures the shared topology must ask for what it already is. */
    private static void checkSameConfig(String name, Topology topology, InjectionPoint point,
                                        List<AnnotatedElement> chain, ConfigReader.TemplateVersion template,
                                        ConfigReader.Parameters parameters) {
        if (!TopologyReader.configures(point) || point.describe().equals(topology.origin())) {
            return;
        }
        TopologyConfig asked = TopologyReader.read(topology.config().kind(), chain, point, template, parameters);
        if (!asked.equals(topology.config())) {
            throw new ExtensionConfigurationException("expected " + point.describe() + " to share the "
                    + topology.config().kind().typeName() + " named \"" + name + "\" made for " + topology.origin()
                    + " with " + topology.config() + ", but its annotations ask for " + asked
                    + "; configure the method or class instead, or give them different @ServerName");
        }
    }

    /**
     * The topology a {@code MongoClient} at {@code point} connects to: the one of its name in the
     * scope; else the one a sibling parameter or field of the same name asks for (started now, for
     * that sibling); else, unless a server of its name is in the scope or beside it, one of the kind
     * the nearest {@code @ReplicaSet} or {@code @ShardedCluster} asks for; else none (the client
     * connects to a server).
     */
    static Optional<Topology> forClient(InjectionPoint point, ServerScope scope,
                                        Supplier<List<InjectionPoint>> siblings, List<AnnotatedElement> chain,
                                        ConfigReader.TemplateVersion template, ConfigReader.Parameters parameters) {
        String name = point.serverName();
        Topology existing = scope.topology(name);
        if (existing != null) {
            return Optional.of(existing);
        }
        List<InjectionPoint> named = siblings.get().stream().filter(s -> s.serverName().equals(name)).toList();
        for (InjectionPoint sibling : named) {
            TopologyConfig.Kind kind = TopologyConfig.Kind.of(sibling.type());
            if (kind != null) {
                return Optional.of(inject(kind, sibling, scope, chain, template, parameters));
            }
        }
        if (scope.servers().containsKey(name) || named.stream().anyMatch(s -> s.type() == MockupServer.class)) {
            return Optional.empty();
        }
        Optional<TopologyConfig.Kind> asked = TopologyReader.kindAsked(chain, point);
        return asked.map(kind -> inject(kind, point, scope, chain, template, parameters));
    }

    /**
     * What shares a scope with a parameter, as injection points: the server and topology parameters
     * of its method or constructor; in a test's scope (a test method, or its {@code @BeforeEach} or
     * {@code @AfterEach}), the test method's too and the instance fields; in a class's, the static
     * fields.
     */
    static List<InjectionPoint> siblings(ParameterContext parameter, ExtensionContext context) {
        Executable executable = parameter.getDeclaringExecutable();
        List<InjectionPoint> points = parameters(executable, parameter.getIndex());
        Optional<Method> test = context.getTestMethod();
        if (test.isPresent() && !test.get().equals(executable)) {
            points.addAll(parameters(test.get(), -1));
        }
        context.getTestClass().ifPresent(type -> points.addAll(fields(type, test.isPresent()
                ? f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers())
                : f -> java.lang.reflect.Modifier.isStatic(f.getModifiers()))));
        return points;
    }

    /**
     * What shares a scope with a field: the other fields of the class that {@code which} accepts
     * (static ones, or instance ones); for instance fields, the test method's parameters too.
     */
    static List<InjectionPoint> siblings(Class<?> type, Predicate<Field> which, ExtensionContext context,
                                         boolean instance) {
        List<InjectionPoint> points = new ArrayList<>(fields(type, which));
        if (instance) {
            context.getTestMethod().ifPresent(m -> points.addAll(parameters(m, -1)));
        }
        return points;
    }

    /** The server and topology parameters of {@code executable}, but the one at {@code except}. */
    private static List<InjectionPoint> parameters(Executable executable, int except) {
        Parameter[] all = executable.getParameters();
        List<InjectionPoint> points = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (i != except && isServerOrTopology(all[i].getType())) {
                points.add(of(all[i], i, executable));
            }
        }
        return points;
    }

    /** The {@code @MockupDB} server and topology fields of {@code type} (those {@code which} accepts). */
    private static List<InjectionPoint> fields(Class<?> type, Predicate<Field> which) {
        return AnnotationSupport.findAnnotatedFields(type, MockupDB.class, which).stream()
                .filter(f -> isServerOrTopology(f.getType())).map(InjectionPoint::of).toList();
    }

    private static boolean isServerOrTopology(Class<?> type) {
        return type == MockupServer.class || TopologyConfig.Kind.of(type) != null;
    }

    /** {@code @ReplicaSet} or {@code @ShardedCluster} on a server parameter or field is a mistake, not something to ignore. */
    static void checkNotOnServer(InjectionPoint point) {
        for (Class<? extends Annotation> a : List.of(ReplicaSet.class, ShardedCluster.class)) {
            if (point.find(a).isPresent()) {
                throw new ExtensionConfigurationException("@" + a.getSimpleName() + " on " + point.describe()
                        + ": expected it on a " + (a == ReplicaSet.class ? "MockupReplicaSet" : "MockupShardedCluster")
                        + " or a MongoClient, not on a MockupServer");
            }
        }
    }

    private static InjectionPoint of(Parameter p, int index, Executable e) {
        return new InjectionPoint() {
            @Override
            public <A extends Annotation> Optional<A> find(Class<A> type) {
                return AnnotationSupport.findAnnotation(p, type);
            }

            @Override
            public <A extends Annotation> List<A> findRepeatable(Class<A> type) {
                return AnnotationSupport.findRepeatableAnnotations(p, type);
            }

            @Override
            public String describe() {
                String owner = e instanceof Method m ? "method " + m.getDeclaringClass().getName() + "." + m.getName()
                        + "()" : "constructor of " + e.getDeclaringClass().getName();
                return "parameter " + index + " (" + p.getType().getSimpleName()
                        + (p.isNamePresent() ? " " + p.getName() : "") + ") of " + owner;
            }

            @Override
            public Class<?> type() {
                return p.getType();
            }
        };
    }

    /** Adds each topology's conversation (every member's) to {@code failure}, once per title. */
    static void attachConversations(ServerScope scope, ExtensionContext context, Throwable failure,
                                    Set<String> attached) {
        for (Map.Entry<String, Topology> e : scope.topologies().entrySet()) {
            String title = "conversation of " + e.getValue().title(e.getKey()) + ":";
            if (!attached.add(title)) {
                continue;
            }
            String transcript = e.getValue().transcript();
            failure.addSuppressed(ServerConversation.of(title, transcript));
            context.publishReportEntry("mockupdb.conversation" + (e.getKey().isEmpty() ? "" : "." + e.getKey()),
                    title + "\n" + transcript);
        }
    }

    /** The leftovers of every member of the scope's topologies, one section per topology that has some. */
    static List<Leftovers.Section> leftovers(ServerScope scope, boolean failed) {
        List<Leftovers.Section> sections = new ArrayList<>();
        for (Map.Entry<String, Topology> e : scope.topologies().entrySet()) {
            Topology topology = e.getValue();
            Leftovers.Found found = topology.takeLeftovers();
            if (!failed && topology.config().server().failOnUnhandled() && !found.isEmpty()) {
                sections.add(new Leftovers.Section(topology.title(e.getKey()), found, topology.transcript()));
            }
        }
        return sections;
    }
}
