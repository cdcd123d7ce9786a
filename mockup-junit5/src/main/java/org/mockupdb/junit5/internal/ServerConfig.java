package org.mockupdb.junit5.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.MockupServer;
import org.mockupdb.Reply;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MinWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.ServerName;

/**
 * The configuration of one injected server, read from the annotations nearest to the parameter:
 * the parameter itself, the matching parameter of the test method, the declaring method, the
 * test method, the test class and its enclosing classes, in that order.
 */
final class ServerConfig {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final List<AnnotatedElement> nearestFirst;
    private final Integer templateMaxWireVersion;

    private ServerConfig(List<AnnotatedElement> nearestFirst, Integer templateMaxWireVersion) {
        this.nearestFirst = nearestFirst;
        this.templateMaxWireVersion = templateMaxWireVersion;
    }

    static ServerConfig of(ParameterContext parameter, ExtensionContext context, boolean methodScope,
                           Integer templateMaxWireVersion) {
        List<AnnotatedElement> elements = new ArrayList<>();
        Parameter own = parameter.getParameter();
        elements.add(own);
        String name = nameOf(own);
        Optional<Method> testMethod = methodScope ? context.getTestMethod() : Optional.empty();
        testMethod.ifPresent(m -> {
            for (Parameter p : m.getParameters()) {
                if (!p.equals(own) && MockupDBExtension.isInjectable(p.getType()) && nameOf(p).equals(name)) {
                    elements.add(p);
                }
            }
        });
        if (parameter.getDeclaringExecutable() instanceof Method declaring
                && !testMethod.map(declaring::equals).orElse(false)) {
            elements.add(declaring);
        }
        testMethod.ifPresent(elements::add);
        Class<?> type = context.getTestClass().orElse(null);
        while (type != null) {
            elements.add(type);
            type = !Modifier.isStatic(type.getModifiers()) ? type.getEnclosingClass() : null;
        }
        return new ServerConfig(elements, templateMaxWireVersion);
    }

    static String nameOf(Parameter parameter) {
        return AnnotationSupport.findAnnotation(parameter, ServerName.class).map(ServerName::value).orElse("");
    }

    private <A extends java.lang.annotation.Annotation> Optional<A> nearest(Class<A> type) {
        for (AnnotatedElement element : nearestFirst) {
            Optional<A> found = AnnotationSupport.findAnnotation(element, type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A started server configured by these annotations. */
    MockupServer start() {
        MockupServer.Builder builder = MockupServer.builder();
        nearest(MockupDB.class).ifPresent(settings -> builder
                .requestTimeout(duration(settings.requestTimeout()))
                .autoHello(settings.autoHello())
                .verbose(settings.verbose()));
        Optional<MinWireVersion> min = nearest(MinWireVersion.class);
        Optional<MaxWireVersion> max = nearest(MaxWireVersion.class);
        int maxVersion = templateMaxWireVersion != null ? templateMaxWireVersion
                : max.map(MaxWireVersion::value).orElse(-1);
        if (min.isPresent() && maxVersion >= 0 && min.get().value() > maxVersion) {
            throw new ParameterResolutionException("@MinWireVersion(" + min.get().value() + ") is above the "
                    + (templateMaxWireVersion != null ? "maxWireVersion " + maxVersion + " of this run"
                    : "@MaxWireVersion(" + maxVersion + ")") + ": expected min <= max");
        }
        min.ifPresent(m -> builder.minWireVersion(m.value()));
        if (maxVersion >= 0) {
            builder.maxWireVersion(maxVersion);
        }
        List<Reply> replies = new ArrayList<>();
        List<AutoRespond> responds = autoResponds();
        for (AutoRespond respond : responds) {
            replies.add(reply(respond));
        }
        MockupServer server = builder.start();
        for (int i = 0; i < responds.size(); i++) {
            server.autoResponds(responds.get(i).value(), replies.get(i));
        }
        return server;
    }

    /** Every @AutoRespond, farthest first, so the nearest is added last and tried first. */
    private List<AutoRespond> autoResponds() {
        List<AutoRespond> all = new ArrayList<>();
        for (int i = nearestFirst.size() - 1; i >= 0; i--) {
            all.addAll(AnnotationSupport.findRepeatableAnnotations(nearestFirst.get(i), AutoRespond.class));
        }
        return all;
    }

    private static Reply reply(AutoRespond respond) {
        if (respond.value().isBlank()) {
            throw new ParameterResolutionException("@AutoRespond(value = \"\"): expected a command name, got an empty "
                    + "string");
        }
        if (respond.reply().isBlank()) {
            return Reply.ok();
        }
        try {
            return Reply.ok(BsonDocument.parse(respond.reply()));
        } catch (JsonParseException | org.bson.BsonInvalidOperationException e) {
            throw new ParameterResolutionException("@AutoRespond(value = \"" + respond.value() + "\", reply = \""
                    + respond.reply() + "\"): reply is not a relaxed JSON document: " + e.getMessage(), e);
        }
    }

    static Duration duration(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(trimmed);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Function<Long, Duration> unit = switch (m.group(2)) {
                case "ms" -> Duration::ofMillis;
                case "s" -> Duration::ofSeconds;
                case "m" -> Duration::ofMinutes;
                default -> Duration::ofHours;
            };
            return unit.apply(n);
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ParameterResolutionException("@MockupDB(requestTimeout = \"" + text + "\"): expected a duration "
                    + "such as \"10s\", \"500ms\", \"2m\" or \"PT10S\"");
        }
    }
}
