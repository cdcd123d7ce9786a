package org.mockupdb.junit5.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.junit5.MongoRelease;
import org.mockupdb.junit5.ServerVersions;
import org.mockupdb.junit5.WireVersions;

/** Turns {@code @WireVersions} and {@code @ServerVersions} into one invocation per version. */
public final class WireVersionTemplate implements TestTemplateInvocationContextProvider {

    private record Run(int maxWireVersion, String displayName) {
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        return method.isPresent() && (AnnotationSupport.isAnnotated(method.get(), WireVersions.class)
                || AnnotationSupport.isAnnotated(method.get(), ServerVersions.class));
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        List<Run> runs = new ArrayList<>();
        AnnotationSupport.findAnnotation(method, WireVersions.class).ifPresent(w -> runs.addAll(runs(w)));
        AnnotationSupport.findAnnotation(method, ServerVersions.class).ifPresent(s -> {
            for (String version : s.value()) {
                MongoRelease release;
                try {
                    release = MongoRelease.of(version);
                } catch (IllegalArgumentException e) {
                    throw new ExtensionConfigurationException("@ServerVersions on " + method.getName() + ": "
                            + e.getMessage());
                }
                runs.add(new Run(release.maxWireVersion(), "MongoDB " + release.version() + " (maxWireVersion="
                        + release.maxWireVersion() + ")"));
            }
        });
        if (runs.isEmpty()) {
            throw new ExtensionConfigurationException("@WireVersions/@ServerVersions on " + method.getName()
                    + " names no version: give value(), or from() and to()");
        }
        return runs.stream().map(WireVersionTemplate::invocation);
    }

    private static List<Run> runs(WireVersions w) {
        List<Run> runs = new ArrayList<>();
        for (int v : w.value()) {
            runs.add(new Run(v, "maxWireVersion=" + v));
        }
        if (w.from() >= 0 || w.to() >= 0) {
            if (w.from() < 0 || w.to() < w.from()) {
                throw new ExtensionConfigurationException("@WireVersions(from = " + w.from() + ", to = " + w.to()
                        + "): expected 0 <= from <= to");
            }
            for (int v = w.from(); v <= w.to(); v++) {
                runs.add(new Run(v, "maxWireVersion=" + v));
            }
        }
        return runs;
    }

    private static TestTemplateInvocationContext invocation(Run run) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return run.displayName();
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                BeforeEachCallback setVersion = context -> context.getStore(MockupDBExtension.NAMESPACE)
                        .put(MockupDBExtension.MAX_WIRE_VERSION, run.maxWireVersion());
                return List.of(setVersion);
            }
        };
    }
}
