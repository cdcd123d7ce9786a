package org.mockupdb.junit5;

/**
 * Changes the settings of a {@code MongoClient} that the extension makes, before it is built: named
 * in {@link ClientSettings#customizers()}, or given to {@link MockupServerExtension.Builder#client}.
 * Needs mongodb-driver-sync on the class path, as the injected client does.
 */
@FunctionalInterface
public interface MongoClientCustomizer {
    /**
     * Changes {@code settings}, which already hold the extension's defaults and the server's address.
     *
     * @param settings the settings builder of the client about to be made
     */
    void customize(com.mongodb.MongoClientSettings.Builder settings);
}
