package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The replica set a {@link org.mockupdb.MockupReplicaSet} parameter or field gets, and that a
 * {@code MongoClient} in the same scope connects to: on the parameter or field, or on the method or
 * class (the nearest wins, as for {@link MaxWireVersion}). Without it a {@code MockupReplicaSet}
 * gets three members named "rs", member 0 the primary.
 *
 * <pre>{@code
 * @Test
 * void failover(@ReplicaSet(members = 2) MockupReplicaSet rs, MongoClient client) { ... }
 * }</pre>
 *
 * <p>A {@code MongoClient} of the same scope and {@link ServerName} connects to the whole set
 * ({@link org.mockupdb.MockupReplicaSet#uri()}, every member a seed, {@code replicaSet=NAME}) with the
 * timeouts and {@link ClientSettings} of an injected client. A {@code MongoClient} connects to a
 * replica set too when a {@code @ReplicaSet} applies to it, unless a {@code MockupServer} of its
 * name is beside it (in the scope, or a parameter of its method or field of its class). The set's members take the
 * {@link MockupDB} settings (request timeout, verbose, TLS), the wire versions and the
 * {@link AutoRespond} replies a server would; they stop when the scope ends, and on failure the
 * conversation of every member is reported.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
public @interface ReplicaSet {
    /** {@return how many data-bearing members (primary and secondaries), 1 or more; member 0 starts as primary} */
    int members() default 3;

    /** {@return the set's name, as every member's hello and the URI's {@code replicaSet} give it} */
    String setName() default "rs";

    /** {@return how many arbiters, after the data-bearing members} */
    int arbiters() default 0;
}
