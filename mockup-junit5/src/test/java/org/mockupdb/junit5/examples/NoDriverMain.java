package org.mockupdb.junit5.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs {@link NoDriverExample} and exits 0 when its 5 tests pass, 1 otherwise; the test starts
 * it in a JVM whose class path lacks the driver, to show the extension does not need it.
 */
public final class NoDriverMain {
    private NoDriverMain() {
    }

    public static void main(String[] args) {
        boolean driverPresent;
        try {
            Class.forName("com.mongodb.client.MongoClient");
            driverPresent = true;
        } catch (ClassNotFoundException expected) {
            driverPresent = false;
        }
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(NoDriverExample.class)).execute();
        long succeeded = results.testEvents().succeeded().count();
        long failed = results.testEvents().failed().count();
        results.allEvents().failed().stream().forEach(e -> System.out.println("failed: " + e));
        System.out.println("driverPresent=" + driverPresent + " succeeded=" + succeeded + " failed=" + failed);
        System.exit(!driverPresent && succeeded == 5 && failed == 0 ? 0 : 1);
    }
}
