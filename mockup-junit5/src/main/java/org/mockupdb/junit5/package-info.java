/**
 * The JUnit 5 extension for MockupDB: annotate a test class, method or field with {@link org.mockupdb.junit5.MockupDB},
 * take a started {@link org.mockupdb.MockupServer} (and, with the driver on the classpath, a
 * {@code com.mongodb.client.MongoClient} connected to it) as a parameter or field, configure the server with
 * {@link org.mockupdb.junit5.AutoRespond}, {@link org.mockupdb.junit5.MaxWireVersion} and
 * {@link org.mockupdb.junit5.MinWireVersion}, and the client with {@link org.mockupdb.junit5.ClientSettings};
 * {@link org.mockupdb.junit5.User} gives the server SCRAM users and the client the nearest one's credentials.
 * {@link org.mockupdb.junit5.WireVersions} and {@link org.mockupdb.junit5.ServerVersions} run a test once per
 * wire version. {@link org.mockupdb.junit5.MockupServerExtension} is the programmatic form, for
 * {@code @RegisterExtension}, reaching every {@link org.mockupdb.MockupServer.Builder} setting.
 *
 * <p>Configuration annotations go on the class, the method or the parameter; the nearest wins
 * ({@link org.mockupdb.junit5.AutoRespond}s and {@link org.mockupdb.junit5.User}s add up, the nearest answering
 * first), {@code @Nested}
 * classes inherit them from their enclosing classes, and composed annotations that carry them work too.
 */
package org.mockupdb.junit5;
