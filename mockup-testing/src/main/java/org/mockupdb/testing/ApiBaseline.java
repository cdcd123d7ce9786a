package org.mockupdb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module, listed from its compiled classes and compared with the baseline
 * checked in at {@code <module>/api/<module>.api}, like Kotlin's binary-compatibility-validator.
 *
 * <p>The listing names every public or protected type, constructor, method and field outside the
 * {@code internal} packages, with generic signatures, one line each, sorted: a type's line
 * (modifiers, kind, name, type parameters, supertypes, permitted subtypes), then its members,
 * indented. Members are the type's own (inherited ones are listed under the type that declares
 * them). An annotation element's default value is part of its line.
 *
 * <p>A published module runs {@link #check()} from a test; the build passes the module's name,
 * classes directory and baseline file as system properties ({@value #MODULE}, {@value #CLASSES},
 * {@value #FILE}), and run in an IDE it falls back on {@code target/classes} and
 * {@code api/<directory name>.api} under the working directory. With {@code -Dapi.update=true}
 * the check writes the baseline instead of comparing.
 */
public final class ApiBaseline {
    /** System property: the module's artifactId. */
    public static final String MODULE = "mockupdb.api.module";
    /** System property: the module's compiled classes directory. */
    public static final String CLASSES = "mockupdb.api.classes";
    /** System property: the baseline file. */
    public static final String FILE = "mockupdb.api.file";
    /** System property: {@code true} writes the baseline instead of comparing with it. */
    public static final String UPDATE = "api.update";

    private ApiBaseline() {
    }

    /**
     * Lists the module's public API and compares it with the checked-in baseline, or writes the
     * baseline when {@code -Dapi.update=true}. Prints the module's count of types and members.
     *
     * @throws AssertionError if the API differs from the baseline, or there is no baseline,
     *         with the lines that differ and the command that accepts the change
     */
    public static void check() {
        Path workingDirectory = Paths.get("").toAbsolutePath();
        String module = System.getProperty(MODULE, workingDirectory.getFileName().toString());
        Path classes = Paths.get(System.getProperty(CLASSES, "target/classes"));
        Path file = Paths.get(System.getProperty(FILE, "api/" + module + ".api"));
        List<String> api = list(classes, ApiBaseline.class.getClassLoader());
        Path shown = file.isAbsolute() && file.startsWith(workingDirectory)
                ? Paths.get(module).resolve(workingDirectory.relativize(file)) : file;
        String command = "mvn -Dapi.update=true -pl " + module
                + " -am test -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false";
        System.out.println(module + " public API: " + counts(api) + " (" + shown + ")");
        if (Boolean.getBoolean(UPDATE)) {
            write(file, api);
            System.out.println("wrote the API baseline " + shown);
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("expected the API baseline " + shown + ", found no such file;"
                    + " if this module is new, run `" + command + "` to create it");
        }
        List<String> baseline = read(file);
        if (!baseline.equals(api)) {
            throw new AssertionError("the public API of " + module + " changed (- the baseline " + shown
                    + ", + the compiled classes):\n" + diff(baseline, api)
                    + "; if deliberate, run `" + command + "` to accept it, and commit " + shown);
        }
    }

    /**
     * The public API under a classes directory, one line per type or member, sorted.
     *
     * @param classes the root of the compiled classes
     * @param loader the loader that loads them (and the types their signatures name)
     * @return the lines of the listing
     */
    public static List<String> list(Path classes, ClassLoader loader) {
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("expected compiled classes in " + classes.toAbsolutePath()
                    + ", found no such directory");
        }
        TreeMap<String, List<String>> types = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (!name.endsWith(".class") || name.endsWith("module-info.class")
                        || name.endsWith("package-info.class")) {
                    continue;
                }
                String binaryName = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                if (isInternal(binaryName)) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(binaryName, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("expected to load " + binaryName + " from " + classes
                            + ", got " + e, e);
                }
                if (isExported(type)) {
                    types.put(type.getName(), describe(type));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        types.values().forEach(lines::addAll);
        return lines;
    }

    /**
     * Counts the types and members of a listing.
     *
     * @param api the lines of a listing
     * @return for example {@code "22 types, 310 methods, 12 constructors, 9 fields"}
     */
    public static String counts(List<String> api) {
        long types = api.stream().filter(line -> !line.startsWith(" ")).count();
        long constructors = api.stream().filter(line -> line.startsWith("  ") && line.contains(" <init>(")).count();
        long fields = api.stream().filter(line -> line.startsWith("  ") && !line.contains("(")).count();
        long methods = api.size() - types - constructors - fields;
        return types + " types, " + methods + " methods, " + constructors + " constructors, " + fields + " fields";
    }

    private static boolean isInternal(String binaryName) {
        return Arrays.asList(binaryName.split("\\.")).contains("internal");
    }

    private static boolean isExported(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!isVisible(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<String> describe(Class<?> type) {
        List<String> members = new ArrayList<>();
        boolean isRecordOrEnum = type.isRecord() || type.isEnum();
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (isVisible(constructor.getModifiers()) && !constructor.isSynthetic()) {
                members.add("  " + modifiers(constructor.getModifiers(), false) + typeParameters(constructor)
                        + "<init>" + parameters(constructor));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (isVisible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
                // An interface's and an annotation's methods are abstract by definition: not repeated.
                int modifiers = type.isInterface() ? method.getModifiers() & ~Modifier.ABSTRACT : method.getModifiers();
                String line = "  " + modifiers(modifiers, method.isDefault()) + typeParameters(method)
                        + name(method.getGenericReturnType()) + " " + method.getName() + parameters(method);
                if (method.getDefaultValue() != null) {
                    line += " default " + value(method.getDefaultValue());
                }
                members.add(line);
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (isVisible(field.getModifiers()) && !field.isSynthetic()) {
                int modifiers = type.isInterface()
                        ? field.getModifiers() & ~(Modifier.PUBLIC | Modifier.STATIC | Modifier.FINAL)
                        : field.getModifiers();
                members.add(field.isEnumConstant()
                        ? "  enum constant " + field.getName()
                        : "  " + modifiers(modifiers, false) + name(field.getGenericType()) + " " + field.getName());
            }
        }
        members.sort(null);
        List<String> lines = new ArrayList<>();
        lines.add(header(type, isRecordOrEnum));
        lines.addAll(members);
        return lines;
    }

    private static String header(Class<?> type, boolean isRecordOrEnum) {
        int modifiers = type.getModifiers();
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            modifiers &= ~(Modifier.ABSTRACT | Modifier.INTERFACE | Modifier.STATIC);
        } else if (type.isInterface()) {
            kind = "interface";
            modifiers &= ~(Modifier.ABSTRACT | Modifier.INTERFACE | Modifier.STATIC);
        } else if (type.isEnum()) {
            kind = "enum";
        } else if (type.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        if (isRecordOrEnum) {
            modifiers &= ~(Modifier.FINAL | Modifier.STATIC | Modifier.ABSTRACT);
        }
        StringBuilder line = new StringBuilder(modifiers(modifiers, false));
        if (type.isSealed()) {
            line.append("sealed ");
        }
        line.append(kind).append(' ').append(name(type));
        TypeVariable<?>[] parameters = type.getTypeParameters();
        if (parameters.length > 0) {
            line.append(Arrays.stream(parameters).map(ApiBaseline::declaration)
                    .collect(Collectors.joining(", ", "<", ">")));
        }
        if (type.isRecord()) {
            line.append(Arrays.stream(type.getRecordComponents())
                    .map(c -> name(c.getGenericType()) + " " + c.getName())
                    .collect(Collectors.joining(", ", "(", ")")));
        }
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            line.append(" extends ").append(name(superclass));
        }
        List<String> interfaces = Arrays.stream(type.getGenericInterfaces()).map(ApiBaseline::name)
                .filter(name -> !(type.isAnnotation() && name.equals("java.lang.annotation.Annotation")))
                .sorted()
                .collect(Collectors.toList());
        if (!interfaces.isEmpty()) {
            line.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
        }
        if (type.isSealed()) {
            line.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses()).map(ApiBaseline::name)
                    .sorted().collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    private static String modifiers(int modifiers, boolean isDefault) {
        StringBuilder text = new StringBuilder();
        if (Modifier.isPublic(modifiers)) {
            text.append("public ");
        }
        if (Modifier.isProtected(modifiers)) {
            text.append("protected ");
        }
        if (Modifier.isAbstract(modifiers)) {
            text.append("abstract ");
        }
        if (isDefault) {
            text.append("default ");
        }
        if (Modifier.isStatic(modifiers)) {
            text.append("static ");
        }
        if (Modifier.isFinal(modifiers)) {
            text.append("final ");
        }
        return text.toString();
    }

    private static String typeParameters(Executable executable) {
        TypeVariable<?>[] parameters = executable.getTypeParameters();
        if (parameters.length == 0) {
            return "";
        }
        return Arrays.stream(parameters).map(ApiBaseline::declaration).collect(Collectors.joining(", ", "<", "> "));
    }

    private static String declaration(TypeVariable<?> variable) {
        List<String> bounds = Arrays.stream(variable.getBounds()).map(ApiBaseline::name)
                .filter(name -> !name.equals("java.lang.Object")).collect(Collectors.toList());
        return bounds.isEmpty() ? variable.getName() : variable.getName() + " extends " + String.join(" & ", bounds);
    }

    private static String parameters(Executable executable) {
        Type[] types = executable.getGenericParameterTypes();
        if (types.length != executable.getParameterCount()) {
            // An inner class's or an enum's constructor: generic types miss the implicit parameters.
            types = executable.getParameterTypes();
        }
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < types.length; i++) {
            String name = name(types[i]);
            if (executable.isVarArgs() && i == types.length - 1 && name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2) + "...";
            }
            joiner.add(name);
        }
        String text = joiner.toString();
        Type[] exceptions = executable.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            text += " throws " + Arrays.stream(exceptions).map(ApiBaseline::name).sorted()
                    .collect(Collectors.joining(", "));
        }
        return text;
    }

    /** A type as source names it, nested classes with a dot. */
    private static String name(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return name(c.getComponentType()) + "[]";
            }
            return c.getCanonicalName() != null ? c.getCanonicalName() : c.getName();
        }
        if (type instanceof ParameterizedType p) {
            String raw = name(p.getRawType());
            if (p.getOwnerType() instanceof ParameterizedType owner) {
                raw = name(owner) + "." + ((Class<?>) p.getRawType()).getSimpleName();
            }
            return raw + Arrays.stream(p.getActualTypeArguments()).map(ApiBaseline::name)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof GenericArrayType a) {
            return name(a.getGenericComponentType()) + "[]";
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + name(w.getLowerBounds()[0]);
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + name(upper[0]);
        }
        return type.getTypeName();
    }

    private static String value(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value instanceof Class<?> c) {
            return name(c) + ".class";
        }
        if (value instanceof Enum<?> e) {
            return name(e.getDeclaringClass()) + "." + e.name();
        }
        if (value.getClass().isArray()) {
            int length = java.lang.reflect.Array.getLength(value);
            StringJoiner joiner = new StringJoiner(", ", "{", "}");
            for (int i = 0; i < length; i++) {
                joiner.add(value(java.lang.reflect.Array.get(value, i)));
            }
            return joiner.toString();
        }
        if (value instanceof java.lang.annotation.Annotation a) {
            return "@" + name(a.annotationType());
        }
        return String.valueOf(value);
    }

    /** The lines that differ, each under the type line it belongs to. */
    static String diff(List<String> before, List<String> after) {
        int[][] common = new int[before.size() + 1][after.size() + 1];
        for (int i = before.size() - 1; i >= 0; i--) {
            for (int j = after.size() - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder text = new StringBuilder();
        String type = null;
        String typeShown = null;
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            String sign;
            String line;
            if (i < before.size() && j < after.size() && before.get(i).equals(after.get(j))) {
                line = before.get(i);
                i++;
                j++;
                if (!line.startsWith(" ")) {
                    type = line;
                }
                continue;
            } else if (j < after.size() && (i == before.size() || common[i][j + 1] >= common[i + 1][j])) {
                sign = "+ ";
                line = after.get(j++);
            } else {
                sign = "- ";
                line = before.get(i++);
            }
            if (line.startsWith(" ")) {
                if (type != null && !type.equals(typeShown)) {
                    text.append("  ").append(type).append('\n');
                    typeShown = type;
                }
            } else {
                type = line;
                typeShown = line;
            }
            text.append(sign).append(line).append('\n');
        }
        return text.toString();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> api) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, api, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
