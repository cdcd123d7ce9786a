package org.mockupdb.junit5.internal;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The JUnit configuration parameters of MockupDB, read and checked as {@code @MockupDB}'s are. */
public final class ConfigParameters {
    private ConfigParameters() {
    }

    /** {@code mockupdb.requestTimeout}, when set. */
    public static Optional<Duration> requestTimeout(ExtensionContext context) {
        return ConfigReader.requestTimeout(context::getConfigurationParameter);
    }

    /** A boolean parameter, when set. */
    public static Optional<Boolean> bool(ExtensionContext context, String key) {
        return ConfigReader.bool(context::getConfigurationParameter, key);
    }
}
