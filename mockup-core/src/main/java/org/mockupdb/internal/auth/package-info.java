/**
 * Authentication as mongod does it, self-contained: the SCRAM computations ({@link
 * org.mockupdb.internal.auth.Scram}, {@link org.mockupdb.internal.auth.SaslPrep}), the users
 * ({@link org.mockupdb.internal.auth.AuthUser}), the server's side of SCRAM-SHA-1, SCRAM-SHA-256
 * and MONGODB-X509 ({@link org.mockupdb.internal.auth.AuthEngine}, one per server), each
 * connection's state ({@link org.mockupdb.internal.auth.ConnectionAuth}, one per connection) and
 * the gate before authentication ({@link org.mockupdb.internal.auth.AuthGate}).
 *
 * <p>The server wires it in {@code org.mockupdb.AuthInterceptor} when it has users (or X.509):
 * the gate ({@link org.mockupdb.internal.auth.AuthGate}) as a router interceptor, before every
 * responder; the authentication commands ({@code AuthEngine.isAuthCommand}) as a built-in
 * responder, so that a test's own responders come first; {@code helloFields} through the automatic
 * hello's extension. Each {@code ServerConnection} keeps its
 * {@link org.mockupdb.internal.auth.ConnectionAuth}, with the subject of the client certificate
 * its TLS link verified.
 */
package org.mockupdb.internal.auth;
