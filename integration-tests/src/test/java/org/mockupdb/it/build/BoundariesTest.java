package org.mockupdb.it.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The modules' boundaries: each published module's main code uses another module only through
 * its public packages (an {@code internal} package is its own module's alone), and each jar names
 * its module for users on the module path.
 */
class BoundariesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.mockupdb[\\w.]*\\.internal)\\b",
            Pattern.MULTILINE);
    private static final List<String> MODULES = List.of("mockup-core", "mockup-hamcrest", "mockup-junit5",
            "mockup-standalone");

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("mockup-core")) ? here : here.getParent();
    }

    /** The internal packages of one module, as their names start. */
    private static String ownInternal(String module) {
        return switch (module) {
            case "mockup-core" -> "org.mockupdb.internal";
            case "mockup-hamcrest" -> "org.mockupdb.hamcrest.internal";
            case "mockup-junit5" -> "org.mockupdb.junit5.internal";
            default -> "org.mockupdb.standalone.internal";
        };
    }

    @Test
    void noModuleImportsAnotherModulesInternals() throws IOException {
        List<String> crossings = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = root().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    Matcher m = IMPORT.matcher(read(f));
                    while (m.find()) {
                        if (!m.group(1).startsWith(ownInternal(module))) {
                            crossings.add(root().relativize(f) + " imports " + m.group(1));
                        }
                    }
                });
            }
        }
        assertEquals(List.of(), crossings, "internal packages are their own module's alone");
    }

    @Test
    void eachPublishedJarNamesItsModule() throws IOException {
        List<String> names = new ArrayList<>();
        for (String module : MODULES) {
            Path target = root().resolve(module).resolve("target");
            Path jar;
            try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
                jar = files.filter(f -> f.getFileName().toString().matches(Pattern.quote(module) + "-[\\d.]+(-SNAPSHOT)?\\.jar"))
                        .findFirst().orElse(null);
            }
            Assumptions.assumeTrue(jar != null, () -> "no jar in " + target + ": run mvn verify (or package) to "
                    + "build the jars this test reads");
            try (JarFile file = new JarFile(jar.toFile())) {
                names.add(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
            }
        }
        assertEquals(List.of("org.mockupdb", "org.mockupdb.hamcrest", "org.mockupdb.junit5", "org.mockupdb.standalone"),
                names);
    }


    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
