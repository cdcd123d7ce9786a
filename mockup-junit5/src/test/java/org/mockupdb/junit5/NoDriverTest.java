package org.mockupdb.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mockupdb.junit5.examples.NoDriverMain;

/** The extension loads and serves MockupServer parameters without mongodb-driver-sync on the class path. */
class NoDriverTest {

    @Test
    void runsWithoutTheDriver() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutDriver = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("mongodb-driver-sync") && !entry.contains("mongodb-driver-core"))
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(withoutDriver.equals(classPath), "expected the driver on the test class path: " + classPath);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", withoutDriver, NoDriverMain.class.getName())
                .redirectErrorStream(true).start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "the child JVM did not end within 60 s: " + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("driverPresent=false succeeded=5 failed=0"), output);
    }
}
