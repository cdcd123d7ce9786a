package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A user the server authenticates with SCRAM, as {@code MockupServer.Builder.user(...)} does, and whose
 * credentials the injected {@code MongoClient} presents.
 *
 * <pre>{@code
 * @MockupDB
 * @User(name = "alice", password = "secret")
 * class OrdersTest {
 *     @Test
 *     void find(MockupServer server, MongoClient client) {
 *         // the client authenticated as alice@admin before it sent this
 *         Request count = server.receives(Spec.command("count"));
 *         assertEquals("alice", count.authenticatedUser().orElseThrow().name());
 *     }
 *
 *     @Test
 *     @User(name = "bob", password = "pw", database = "app", mechanisms = "SCRAM-SHA-1")
 *     void asBob(MongoClient client) { ... }
 * }
 * }</pre>
 *
 * <p>Repeatable, and they add up across levels (enclosing class, class, method, field or parameter):
 * the server knows every user of every level (a user named again nearer, in the same database,
 * replaces the farther one). With any user, the server refuses commands from connections that have not
 * authenticated, as mongod does (Unauthorized, 13).
 *
 * <p>The injected client authenticates as the <em>nearest</em> user: the first {@code @User} of the
 * nearest level that has one, with {@code MongoCredential.createCredential(name, database, password)}
 * (the driver negotiates the mechanism), or with the SCRAM-SHA-1 or SCRAM-SHA-256 credential when
 * {@link #mechanisms()} lists exactly one. The credential is set before the customizers of
 * {@link ClientSettings}, so a customizer can replace it (to present a wrong password, say).
 *
 * <p>Users are part of a server's configuration: servers with different users are not shared, and
 * two parameters of one server must ask for the same users. No password appears in any message or
 * {@code toString()}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
@Repeatable(Users.class)
public @interface User {
    /** {@return the user name, not empty} */
    String name();

    /** {@return the password} */
    String password();

    /** {@return the user's authentication database, the client's {@code authSource}: {@code "admin"} by default} */
    String database() default "admin";

    /**
     * {@return the SCRAM mechanisms the user has, {@code "SCRAM-SHA-1"} and/or {@code "SCRAM-SHA-256"};
     * empty (the default) means both, as mongod's {@code createUser} gives}
     */
    String[] mechanisms() default {};
}
