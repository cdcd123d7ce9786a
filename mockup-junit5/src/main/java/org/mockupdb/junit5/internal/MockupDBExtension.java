package org.mockupdb.junit5.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.mockupdb.MockupServer;

/**
 * The extension behind {@link org.mockupdb.junit5.MockupDB}: resolves MockupServer and
 * MongoClient parameters, keeps each server in the extension context of its scope (the test, or
 * the class for constructor and {@code @BeforeAll} parameters) so JUnit closes it when the scope
 * ends, and attaches the conversation of the test's servers to any failure.
 */
public final class MockupDBExtension implements ParameterResolver, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockupDBExtension.class);
    static final String MAX_WIRE_VERSION = "maxWireVersion";
    private static final String ALL_SERVERS = "servers";

    static boolean isInjectable(Class<?> type) {
        return type == MockupServer.class || type.getName().equals(DriverClients.MONGO_CLIENT);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return isInjectable(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Executable executable = parameter.getDeclaringExecutable();
        boolean classScope = executable instanceof Constructor<?> || Modifier.isStatic(executable.getModifiers());
        ExtensionContext scope = classScope ? classContext(context) : context;
        String name = ServerConfig.nameOf(parameter.getParameter());
        Integer templateVersion = classScope ? null
                : context.getStore(NAMESPACE).get(MAX_WIRE_VERSION, Integer.class);
        ConcurrentLinkedQueue<ServerResource> started = servers(scope);
        ServerResource resource = scope.getStore(NAMESPACE).getOrComputeIfAbsent("server:" + name, key -> {
            MockupServer server = ServerConfig.of(parameter, context, !classScope, templateVersion).start();
            ServerResource created = new ServerResource(name, server);
            started.add(created);
            return created;
        }, ServerResource.class);
        if (parameter.getParameter().getType() == MockupServer.class) {
            return resource.server();
        }
        try {
            return resource.client();
        } catch (LinkageError e) {
            throw new ParameterResolutionException("a MongoClient parameter needs org.mongodb:mongodb-driver-sync on "
                    + "the test class path: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentLinkedQueue<ServerResource> servers(ExtensionContext scope) {
        return scope.getStore(NAMESPACE).getOrComputeIfAbsent(ALL_SERVERS + "@" + scope.getUniqueId(),
                key -> new ConcurrentLinkedQueue<ServerResource>(), ConcurrentLinkedQueue.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    // ------------------------------------------------------------ the conversation on failure

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withConversation(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withConversation(context, throwable);
    }

    /**
     * Adds the conversation of every server the failing test can see (its own and its classes')
     * as a suppressed exception, which IDEs and Maven print under the failure, and publishes it as
     * a report entry.
     */
    private static Throwable withConversation(ExtensionContext context, Throwable throwable) {
        List<ServerResource> visible = new ArrayList<>();
        Optional<ExtensionContext> c = Optional.of(context);
        while (c.isPresent()) {
            ExtensionContext current = c.get();
            Object found = current.getStore(NAMESPACE).get(ALL_SERVERS + "@" + current.getUniqueId());
            if (found instanceof ConcurrentLinkedQueue<?> queue) {
                for (Object o : queue) {
                    visible.add((ServerResource) o);
                }
            }
            c = current.getParent();
        }
        if (visible.isEmpty()) {
            return throwable;
        }
        StringBuilder report = new StringBuilder();
        for (ServerResource resource : visible) {
            report.append("\n=== ").append(resource.describe()).append(": the conversation ===\n")
                    .append(resource.server().transcript());
        }
        for (Throwable s : throwable.getSuppressed()) {
            if (s instanceof Conversation) {
                return throwable; // already attached by an inner handler
            }
        }
        throwable.addSuppressed(new Conversation(report.toString()));
        context.publishReportEntry("mockupdb.conversation", report.toString());
        return throwable;
    }
}
