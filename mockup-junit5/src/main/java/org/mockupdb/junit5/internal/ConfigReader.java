package org.mockupdb.junit5.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.MockupServer;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MinWireVersion;
import org.mockupdb.junit5.MockupDB;

/**
 * Reads a server's configuration from the annotations on a chain of elements, outermost
 * first (enclosing class, class, method, parameter): the nearest {@code @MockupDB},
 * {@code @MaxWireVersion} and {@code @MinWireVersion} win, and every {@code @AutoRespond} applies.
 * Annotations are found directly present, meta-present (composed annotations) or inherited.
 */
final class ConfigReader {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private ConfigReader() {
    }

    /** Where the wire version of a test template's run comes from, or null outside one. */
    record TemplateVersion(int maxWireVersion, String displayName) {
    }

    /**
     * The configuration for a server resolved for {@code parameter} (may be null: none) in a
     * scope whose elements are {@code chain}, outermost first.
     */
    static ServerConfig read(List<AnnotatedElement> chain, ParameterContext parameter, TemplateVersion template) {
        MockupDB settings = null;
        String settingsSource = null;
        Integer max = null;
        String maxSource = null;
        Integer min = null;
        String minSource = null;
        List<ServerConfig.AutoResponse> responses = new ArrayList<>();
        for (AnnotatedElement element : chain) {
            String where = describe(element);
            Optional<MockupDB> s = AnnotationSupport.findAnnotation(element, MockupDB.class);
            if (s.isPresent()) {
                settings = s.get();
                settingsSource = where;
            }
            Optional<MaxWireVersion> mx = AnnotationSupport.findAnnotation(element, MaxWireVersion.class);
            if (mx.isPresent()) {
                max = wireVersion("@MaxWireVersion", mx.get().value(), where);
                maxSource = "@MaxWireVersion(" + max + ") on " + where;
            }
            Optional<MinWireVersion> mn = AnnotationSupport.findAnnotation(element, MinWireVersion.class);
            if (mn.isPresent()) {
                min = wireVersion("@MinWireVersion", mn.get().value(), where);
                minSource = "@MinWireVersion(" + min + ") on " + where;
            }
            for (AutoRespond a : AnnotationSupport.findRepeatableAnnotations(element, AutoRespond.class)) {
                responses.add(autoResponse(a, where));
            }
        }
        if (parameter != null) {
            String where = describe(parameter);
            Optional<MockupDB> s = parameter.findAnnotation(MockupDB.class);
            if (s.isPresent()) {
                settings = s.get();
                settingsSource = where;
            }
            Optional<MaxWireVersion> mx = parameter.findAnnotation(MaxWireVersion.class);
            if (mx.isPresent()) {
                max = wireVersion("@MaxWireVersion", mx.get().value(), where);
                maxSource = "@MaxWireVersion(" + max + ") on " + where;
            }
            Optional<MinWireVersion> mn = parameter.findAnnotation(MinWireVersion.class);
            if (mn.isPresent()) {
                min = wireVersion("@MinWireVersion", mn.get().value(), where);
                minSource = "@MinWireVersion(" + min + ") on " + where;
            }
            for (AutoRespond a : parameter.findRepeatableAnnotations(AutoRespond.class)) {
                responses.add(autoResponse(a, where));
            }
        }
        if (template != null) {
            max = template.maxWireVersion();
            maxSource = "the run " + template.displayName();
        }
        if (min != null && max != null && min > max) {
            throw new ExtensionConfigurationException(minSource + ": expected value to be at most the maxWireVersion "
                    + max + " of " + maxSource + ", got " + min);
        }
        if (min != null && max == null && min > DEFAULT_MAX_WIRE_VERSION) {
            throw new ExtensionConfigurationException(minSource + ": expected value to be at most the default "
                    + "maxWireVersion " + DEFAULT_MAX_WIRE_VERSION + " (add @MaxWireVersion), got " + min);
        }
        Duration timeout = settings == null ? Duration.ofSeconds(10)
                : duration(settings.requestTimeout(), settingsSource);
        boolean autoHello = settings == null || settings.autoHello();
        boolean verbose = settings != null && settings.verbose();
        boolean tls = settings != null && settings.tls();
        return new ServerConfig(timeout, autoHello, verbose, tls, min, max, List.copyOf(responses));
    }

    private static final int DEFAULT_MAX_WIRE_VERSION = MockupServer.DEFAULT_MAX_WIRE_VERSION;

    private static int wireVersion(String annotation, int value, String where) {
        if (value < 0) {
            throw new ExtensionConfigurationException(annotation + "(" + value + ") on " + where
                    + ": expected value to be a wire version, 0 or more, got " + value);
        }
        return value;
    }

    private static ServerConfig.AutoResponse autoResponse(AutoRespond a, String where) {
        String name = a.value().trim();
        if (name.isEmpty()) {
            throw new ExtensionConfigurationException("@AutoRespond on " + where
                    + ": expected value to be a command name, got \"" + a.value() + "\"");
        }
        BsonDocument reply;
        if (a.reply().isBlank()) {
            reply = new BsonDocument();
        } else {
            try {
                reply = BsonDocument.parse(a.reply());
            } catch (JsonParseException | IllegalArgumentException | org.bson.BsonInvalidOperationException e) {
                throw new ExtensionConfigurationException("@AutoRespond(\"" + name + "\") on " + where
                        + ": expected reply to be a document in relaxed Extended JSON, got " + a.reply()
                        + " (" + e.getMessage() + ")", e);
            }
        }
        return new ServerConfig.AutoResponse(name, reply);
    }

    static Duration duration(String text, String where) {
        String t = text.trim();
        Matcher m = SIMPLE_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    default:
                        return Duration.ofHours(n);
                }
            }
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw new ExtensionConfigurationException("@MockupDB on " + where
                + ": expected requestTimeout to be a duration such as \"500ms\", \"10s\", \"2m\" or \"PT1.5S\", got \""
                + text + "\"");
    }

    static String describe(AnnotatedElement element) {
        if (element instanceof Class<?> c) {
            return "class " + c.getName();
        }
        if (element instanceof Method m) {
            return "method " + m.getDeclaringClass().getName() + "." + m.getName() + "()";
        }
        return element.toString();
    }

    static String describe(ParameterContext parameter) {
        Parameter p = parameter.getParameter();
        Executable e = parameter.getDeclaringExecutable();
        String owner = e instanceof Method m ? "method " + m.getDeclaringClass().getName() + "." + m.getName() + "()"
                : "constructor of " + e.getDeclaringClass().getName();
        return "parameter " + parameter.getIndex() + " (" + p.getType().getSimpleName()
                + (p.isNamePresent() ? " " + p.getName() : "") + ") of " + owner;
    }
}
