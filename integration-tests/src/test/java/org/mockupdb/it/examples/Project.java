package org.mockupdb.it.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project is: Maven runs the tests in integration-tests; an IDE may run them from the project's root. */
final class Project {
    private Project() {
    }

    /** The integration-tests module's directory. */
    static Path module() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve(ReadmeSnippetsTest.EXAMPLES))) {
            return here;
        }
        Path nested = here.resolve("integration-tests");
        if (Files.isDirectory(nested.resolve(ReadmeSnippetsTest.EXAMPLES))) {
            return nested;
        }
        throw new IllegalStateException("expected the examples in " + here.resolve(ReadmeSnippetsTest.EXAMPLES)
                + " or " + nested.resolve(ReadmeSnippetsTest.EXAMPLES)
                + ": run the tests from integration-tests or the project's root");
    }

    /** The project's root, where README.md is. */
    static Path root() {
        return module().getParent();
    }
}
