package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the {@code MongoClient} that {@link MockupDB} injects: connection-string options and
 * customizers of its {@code MongoClientSettings}. The client stays under the extension's lifecycle:
 * it is closed before its server stops.
 *
 * <pre>{@code
 * @MockupDB
 * @ClientSettings(uriOptions = "retryReads=false&appName=orders-test")
 * class OrdersTest {
 *     @Test
 *     @ClientSettings(customizers = WithCredentials.class)
 *     void find(MockupServer server, MongoClient client) { ... }
 *
 *     static class WithCredentials implements MongoClientCustomizer {
 *         public void customize(MongoClientSettings.Builder settings) {
 *             settings.credential(MongoCredential.createCredential("alice", "admin", "secret".toCharArray()));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>For credentials of a user the server knows, {@link User} is shorter; a customizer such as the one
 * above replaces them (it runs after).
 *
 * <p>The client is built in this order: the extension's defaults (2 seconds to select the server or to
 * connect, a read timeout of the server's request timeout plus 5 seconds, so that a client call on the
 * test thread never blocks for ever, and the test certificate's trust under
 * {@link MockupDB#tls()}), then the server's {@code uri()} with these options, then the nearest
 * {@link User}'s credentials, then the customizers.
 * Each may override what came before, for example {@code uriOptions = "socketTimeoutMS=500"}.
 *
 * <p>They add up across levels (enclosing class, class, method, field or parameter): an option set
 * nearer replaces the same option set farther, and every customizer runs, farthest first, so the
 * nearest has the last word. A composed annotation can carry {@code @ClientSettings}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
public @interface ClientSettings {
    /**
     * {@return connection-string options, as after the {@code ?} of a MongoDB URI: {@code "retryReads=false&appName=x"}}
     * Empty by default.
     */
    String uriOptions() default "";

    /**
     * {@return classes that customize the client's settings, each with a constructor without parameters
     * (a static nested class of the test will do)} None by default.
     */
    Class<? extends MongoClientCustomizer>[] customizers() default {};
}
