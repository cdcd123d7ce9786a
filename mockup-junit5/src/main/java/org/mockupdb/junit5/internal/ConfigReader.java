package org.mockupdb.junit5.internal;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.MockupServer;
import org.mockupdb.MockupUser;
import org.mockupdb.junit5.AutoRespond;
import org.mockupdb.junit5.ClientSettings;
import org.mockupdb.junit5.MaxWireVersion;
import org.mockupdb.junit5.MinWireVersion;
import org.mockupdb.junit5.MockupDB;
import org.mockupdb.junit5.MongoClientCustomizer;
import org.mockupdb.junit5.User;

/**
 * Reads a server's configuration from the annotations on a chain of elements, outermost
 * first (enclosing class, class, method, field or parameter), and from JUnit's configuration
 * parameters: each {@code @MockupDB} attribute comes from the nearest annotation that sets it, then
 * from the configuration parameter; the nearest {@code @MaxWireVersion} and {@code @MinWireVersion}
 * win, and every {@code @AutoRespond}, {@code @User} and {@code @ClientSettings} applies (the client
 * presents the nearest {@code @User}'s credentials).
 * Annotations are found directly present, meta-present (composed annotations) or inherited.
 */
final class ConfigReader {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private ConfigReader() {
    }

    /** Where the wire version of a test template's run comes from, or null outside one. */
    record TemplateVersion(int maxWireVersion, String displayName) {
    }

    /** Where configuration parameters come from: {@code ExtensionContext::getConfigurationParameter}. */
    interface Parameters {
        Optional<String> get(String key);
    }

    /** The settings of {@code @MockupDB}, resolved attribute by attribute. */
    record Settings(Duration requestTimeout, boolean autoHello, boolean verbose, boolean tls, boolean failOnUnhandled) {
    }

    /**
     * The configuration for a server made for {@code point} (may be null: none) in a scope whose
     * elements are {@code chain}, outermost first.
     */
    static ServerConfig read(List<AnnotatedElement> chain, InjectionPoint point, TemplateVersion template,
                             Parameters parameters) {
        Integer max = null;
        String maxSource = null;
        Integer min = null;
        String minSource = null;
        List<ServerConfig.AutoResponse> responses = new ArrayList<>();
        Map<List<String>, MockupUser> users = new LinkedHashMap<>();
        List<Level> levels = levels(chain, point);
        for (Level level : levels) {
            Optional<MaxWireVersion> mx = level.find(MaxWireVersion.class);
            if (mx.isPresent()) {
                max = wireVersion("@MaxWireVersion", mx.get().value(), level.where());
                maxSource = "@MaxWireVersion(" + max + ") on " + level.where();
            }
            Optional<MinWireVersion> mn = level.find(MinWireVersion.class);
            if (mn.isPresent()) {
                min = wireVersion("@MinWireVersion", mn.get().value(), level.where());
                minSource = "@MinWireVersion(" + min + ") on " + level.where();
            }
            for (AutoRespond a : level.findRepeatable(AutoRespond.class)) {
                responses.add(autoResponse(a, level.where()));
            }
            for (User u : level.findRepeatable(User.class)) {
                MockupUser user = user(u, level.where());
                // a user named again nearer, in the same database, replaces the farther one
                List<String> key = List.of(user.name(), user.database());
                users.remove(key);
                users.put(key, user);
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
        Settings s = settings(levels, parameters);
        return new ServerConfig(s.requestTimeout(), s.autoHello(), s.verbose(), s.tls(), s.failOnUnhandled(), min,
                max, List.copyOf(responses), List.copyOf(users.values()));
    }

    private static Settings settings(List<Level> levels, Parameters parameters) {
        Duration timeout = null;
        Boolean autoHello = null;
        Boolean verbose = null;
        Boolean tls = null;
        Boolean failOnUnhandled = null;
        for (Level level : levels) {
            Optional<MockupDB> found = level.find(MockupDB.class);
            if (found.isEmpty()) {
                continue;
            }
            MockupDB a = found.get();
            String where = "@MockupDB on " + level.where();
            if (!a.requestTimeout().isEmpty()) {
                timeout = duration(a.requestTimeout(), where + ": expected requestTimeout");
            }
            autoHello = flag(a.autoHello(), "autoHello", where, autoHello);
            verbose = flag(a.verbose(), "verbose", where, verbose);
            tls = flag(a.tls(), "tls", where, tls);
            failOnUnhandled = flag(a.failOnUnhandled(), "failOnUnhandled", where, failOnUnhandled);
        }
        if (timeout == null) {
            timeout = requestTimeout(parameters).orElse(DEFAULT_REQUEST_TIMEOUT);
        }
        if (verbose == null) {
            verbose = bool(parameters, MockupDB.VERBOSE).orElse(false);
        }
        if (failOnUnhandled == null) {
            failOnUnhandled = bool(parameters, MockupDB.FAIL_ON_UNHANDLED).orElse(true);
        }
        return new Settings(timeout, autoHello == null || autoHello, verbose, tls != null && tls, failOnUnhandled);
    }

    /** The configuration parameter {@code key} as a boolean, when set. */
    static Optional<Boolean> bool(Parameters parameters, String key) {
        return parameters.get(key).map(String::trim).map(v -> {
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            throw new ExtensionConfigurationException("configuration parameter " + key
                    + ": expected true or false, got \"" + v + "\"");
        });
    }

    /** The request timeout the configuration parameter sets, if any. */
    static Optional<Duration> requestTimeout(Parameters parameters) {
        return parameters.get(MockupDB.REQUEST_TIMEOUT)
                .map(t -> duration(t, "configuration parameter " + MockupDB.REQUEST_TIMEOUT + ": expected it"));
    }

    private static Boolean flag(boolean[] values, String attribute, String where, Boolean previous) {
        if (values.length == 0) {
            return previous;
        }
        if (values.length > 1) {
            throw new ExtensionConfigurationException(where + ": expected " + attribute
                    + " to be one value, true or false, got " + java.util.Arrays.toString(values));
        }
        return values[0];
    }

    /** Whether the point's own annotations configure its server (a bare {@code @MockupDB} on a field does not). */
    static boolean configures(InjectionPoint point) {
        Optional<MockupDB> own = point.find(MockupDB.class);
        boolean settings = own.map(a -> !a.requestTimeout().isEmpty() || a.autoHello().length > 0
                || a.verbose().length > 0 || a.tls().length > 0 || a.failOnUnhandled().length > 0).orElse(false);
        return settings || point.find(MaxWireVersion.class).isPresent() || point.find(MinWireVersion.class).isPresent()
                || !point.findRepeatable(AutoRespond.class).isEmpty() || !point.findRepeatable(User.class).isEmpty();
    }

    /**
     * The client settings of every level, outermost first: options merged by name, customizers in order;
     * and the nearest {@code @User}, the first of the nearest level that has one.
     */
    static ClientConfig readClient(List<AnnotatedElement> chain, InjectionPoint point) {
        Map<String, String> options = new LinkedHashMap<>();
        List<Class<? extends MongoClientCustomizer>> customizers = new ArrayList<>();
        UserCredential user = null;
        for (Level level : levels(chain, point)) {
            List<User> users = level.findRepeatable(User.class);
            if (!users.isEmpty()) {
                user = UserCredential.of(user(users.get(0), level.where()), users.get(0).password());
            }
            Optional<ClientSettings> found = level.find(ClientSettings.class);
            if (found.isEmpty()) {
                continue;
            }
            ClientSettings a = found.get();
            for (String option : a.uriOptions().split("&")) {
                if (option.isBlank()) {
                    continue;
                }
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new ExtensionConfigurationException("@ClientSettings on " + level.where()
                            + ": expected uriOptions to be name=value pairs joined by &, such as "
                            + "\"retryReads=false&appName=x\", got \"" + a.uriOptions() + "\"");
                }
                String name = option.substring(0, eq).trim();
                String key = name.toLowerCase(Locale.ROOT);
                options.remove(key);
                options.put(key, name + "=" + option.substring(eq + 1).trim());
            }
            customizers.addAll(List.of(a.customizers()));
        }
        return new ClientConfig(String.join("&", options.values()), List.copyOf(customizers), user);
    }

    /** One element's annotations, or the injection point's. */
    private record Level(String where, AnnotatedElement element, InjectionPoint point) {
        <A extends java.lang.annotation.Annotation> Optional<A> find(Class<A> type) {
            return point != null ? point.find(type) : AnnotationSupport.findAnnotation(element, type);
        }

        <A extends java.lang.annotation.Annotation> List<A> findRepeatable(Class<A> type) {
            return point != null ? point.findRepeatable(type)
                    : AnnotationSupport.findRepeatableAnnotations(element, type);
        }
    }

    private static List<Level> levels(List<AnnotatedElement> chain, InjectionPoint point) {
        List<Level> levels = new ArrayList<>();
        for (AnnotatedElement element : chain) {
            levels.add(new Level(describe(element), element, null));
        }
        if (point != null) {
            levels.add(new Level(point.describe(), null, point));
        }
        return levels;
    }

    /** The request timeout without annotation or configuration parameter: the core's own default. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = MockupServer.DEFAULT_REQUEST_TIMEOUT;

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

    /** The user an {@code @User} describes; its failures name the user, never the password. */
    private static MockupUser user(User a, String where) {
        String describe = "@User(name = \"" + a.name() + "\") on " + where;
        if (a.name().isBlank()) {
            throw new ExtensionConfigurationException("@User on " + where + ": expected name to be a user name, got \""
                    + a.name() + "\"");
        }
        try {
            MockupUser user = MockupUser.scram(a.name(), a.password());
            if (!a.database().equals(user.database())) {
                user = user.database(a.database());
            }
            if (a.mechanisms().length > 0) {
                user = user.mechanisms(a.mechanisms());
            }
            return user;
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(describe + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} as a duration; {@code expected} begins the error message ("@MockupDB on X: expected requestTimeout"). */
    static Duration duration(String text, String expected) {
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
        throw new ExtensionConfigurationException(expected
                + " to be a duration such as \"500ms\", \"10s\", \"2m\" or \"PT1.5S\", got \"" + text + "\"");
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
}
