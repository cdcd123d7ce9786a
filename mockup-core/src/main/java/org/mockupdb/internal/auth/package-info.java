/**
 * Authentication as mongod does it, self-contained: the SCRAM computations ({@link
 * org.mockupdb.internal.auth.Scram}, {@link org.mockupdb.internal.auth.SaslPrep}), the users
 * ({@link org.mockupdb.internal.auth.AuthUser}), the server's side of SCRAM-SHA-1, SCRAM-SHA-256
 * and MONGODB-X509 ({@link org.mockupdb.internal.auth.AuthEngine}, one per server), each
 * connection's state ({@link org.mockupdb.internal.auth.ConnectionAuth}, one per connection) and
 * the gate before authentication ({@link org.mockupdb.internal.auth.AuthGate}).
 *
 * <p>Wiring, per request on a server with an engine, with {@code auth} the connection's state:
 * <ol>
 * <li>A hello ({@code hello}, {@code isMaster}, {@code ismaster}): {@code engine.helloFields(body, auth)};
 *     an error replaces the reply, otherwise its fields join the hello reply.</li>
 * <li>{@code AuthEngine.isAuthCommand(name)}: reply
 *     {@code engine.handle(name, body, database, auth).orElseThrow().toReply()}.</li>
 * <li>Any other command: {@code AuthGate.check(name, auth)}, when present, is the reply.</li>
 * </ol>
 * The connection's TLS layer sets {@link org.mockupdb.internal.auth.ConnectionAuth#setClientCertificateSubject}
 * from the verified peer certificate for X.509.
 */
package org.mockupdb.internal.auth;
