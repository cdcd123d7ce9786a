package org.mockupdb.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The sharded cluster a {@link org.mockupdb.MockupShardedCluster} parameter or field gets, and that
 * a {@code MongoClient} in the same scope connects to: on the parameter or field, or on the method or
 * class (the nearest wins). Without it a {@code MockupShardedCluster} gets two mongoses.
 *
 * <pre>{@code
 * @Test
 * void getMoreOnTheSameMongos(@ShardedCluster(mongoses = 3) MockupShardedCluster cluster, MongoClient client) { ... }
 *
 * @Test
 * @ShardedCluster(loadBalanced = true)
 * void pinned(MockupShardedCluster cluster, MongoClient client) { ... }   // one mongos, loadBalanced=true
 * }</pre>
 *
 * <p>A {@code MongoClient} of the same scope and {@link ServerName} connects to every mongos
 * ({@link org.mockupdb.MockupShardedCluster#uri()}) with the timeouts and {@link ClientSettings} of
 * an injected client. The mongoses take the {@link MockupDB} settings, the wire versions and the
 * {@link AutoRespond} replies a server would, and stop when the scope ends.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER,
        ElementType.ANNOTATION_TYPE})
public @interface ShardedCluster {
    /**
     * {@return how many mongoses; 0, the default, means two, or one when {@link #loadBalanced()}
     * (a driver in load-balanced mode takes one address)}
     */
    int mongoses() default 0;

    /** {@return whether the cluster is one mongos behind a load balancer: {@code serviceId} in hello, {@code loadBalanced=true} in the URI} */
    boolean loadBalanced() default false;
}
