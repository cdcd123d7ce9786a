package org.mockupdb.junit5.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.mockupdb.junit5.ReplicaSet;
import org.mockupdb.junit5.ShardedCluster;

/**
 * Reads a topology's configuration: the nearest {@link ReplicaSet} or {@link ShardedCluster} on the
 * chain of elements (outermost first) and the injection point, then the members' server settings as
 * {@link ConfigReader} reads a server's.
 */
final class TopologyReader {
    private TopologyReader() {
    }

    /**
     * The kind of topology the nearest {@code @ReplicaSet} or {@code @ShardedCluster} asks for, for a
     * {@code MongoClient} that has no topology beside it; empty when neither applies.
     */
    static Optional<TopologyConfig.Kind> kindAsked(List<AnnotatedElement> chain, InjectionPoint point) {
        Optional<TopologyConfig.Kind> own = kindAt(point.find(ReplicaSet.class), point.find(ShardedCluster.class),
                point.describe());
        if (own.isPresent()) {
            return own;
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            AnnotatedElement element = chain.get(i);
            Optional<TopologyConfig.Kind> kind = kindAt(AnnotationSupport.findAnnotation(element, ReplicaSet.class),
                    AnnotationSupport.findAnnotation(element, ShardedCluster.class), ConfigReader.describe(element));
            if (kind.isPresent()) {
                return kind;
            }
        }
        return Optional.empty();
    }

    private static Optional<TopologyConfig.Kind> kindAt(Optional<ReplicaSet> rs, Optional<ShardedCluster> sc,
                                                        String where) {
        if (rs.isPresent() && sc.isPresent()) {
            throw new ExtensionConfigurationException("@ReplicaSet and @ShardedCluster on " + where
                    + ": expected one of them, got both");
        }
        return rs.map(a -> TopologyConfig.Kind.REPLICA_SET)
                .or(() -> sc.map(a -> TopologyConfig.Kind.SHARDED_CLUSTER));
    }

    /** The configuration of a topology of {@code kind} made for {@code point}. */
    static TopologyConfig read(TopologyConfig.Kind kind, List<AnnotatedElement> chain, InjectionPoint point,
                               ConfigReader.TemplateVersion template, ConfigReader.Parameters parameters) {
        checkOwnKind(kind, point);
        ServerConfig server = ConfigReader.read(chain, point, template, parameters);
        if (kind == TopologyConfig.Kind.REPLICA_SET) {
            ReplicaSet a = nearest(ReplicaSet.class, chain, point).orElse(Defaults.REPLICA_SET);
            String where = "@ReplicaSet on " + where(ReplicaSet.class, chain, point);
            if (a.members() < 1) {
                throw new ExtensionConfigurationException(where + ": expected members to be 1 or more, got "
                        + a.members());
            }
            if (a.arbiters() < 0) {
                throw new ExtensionConfigurationException(where + ": expected arbiters to be 0 or more, got "
                        + a.arbiters());
            }
            if (a.setName().isBlank()) {
                throw new ExtensionConfigurationException(where + ": expected setName to be a replica set name, got \""
                        + a.setName() + "\"");
            }
            return new TopologyConfig(kind, a.setName(), a.members(), a.arbiters(), 0, false, server);
        }
        ShardedCluster a = nearest(ShardedCluster.class, chain, point).orElse(Defaults.SHARDED_CLUSTER);
        String where = "@ShardedCluster on " + where(ShardedCluster.class, chain, point);
        int mongoses = a.mongoses() == 0 ? (a.loadBalanced() ? 1 : 2) : a.mongoses();
        if (mongoses < 1) {
            throw new ExtensionConfigurationException(where + ": expected mongoses to be 1 or more (0 for the "
                    + "default), got " + a.mongoses());
        }
        if (a.loadBalanced() && mongoses != 1) {
            throw new ExtensionConfigurationException(where + ": expected one mongos behind the load balancer "
                    + "(a driver in load-balanced mode takes one address), got mongoses = " + mongoses);
        }
        return new TopologyConfig(kind, "", 0, 0, mongoses, a.loadBalanced(), server);
    }

    /** Whether the point's own annotations configure its topology or its members. */
    static boolean configures(InjectionPoint point) {
        return point.find(ReplicaSet.class).isPresent() || point.find(ShardedCluster.class).isPresent()
                || ConfigReader.configures(point);
    }

    /** A {@code @ShardedCluster} on a replica set (or the reverse) is a mistake, not something to ignore. */
    private static void checkOwnKind(TopologyConfig.Kind kind, InjectionPoint point) {
        Class<? extends Annotation> other = kind == TopologyConfig.Kind.REPLICA_SET ? ShardedCluster.class
                : ReplicaSet.class;
        if (point.find(other).isPresent()) {
            throw new ExtensionConfigurationException("@" + other.getSimpleName() + " on " + point.describe()
                    + ": expected @" + (other == ReplicaSet.class ? "ShardedCluster" : "ReplicaSet") + " on a "
                    + kind.typeName() + ", or a parameter or field of type "
                    + (other == ReplicaSet.class ? "MockupReplicaSet" : "MockupShardedCluster"));
        }
    }

    private static <A extends Annotation> Optional<A> nearest(Class<A> type, List<AnnotatedElement> chain,
                                                              InjectionPoint point) {
        Optional<A> own = point.find(type);
        if (own.isPresent()) {
            return own;
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<A> found = AnnotationSupport.findAnnotation(chain.get(i), type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String where(Class<? extends Annotation> type, List<AnnotatedElement> chain, InjectionPoint point) {
        if (point.find(type).isPresent()) {
            return point.describe();
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (AnnotationSupport.isAnnotated(chain.get(i), type)) {
                return ConfigReader.describe(chain.get(i));
            }
        }
        return point.describe();
    }

    /** The annotations' defaults, for a topology without one. */
    @ReplicaSet
    @ShardedCluster
    private static final class Defaults {
        static final ReplicaSet REPLICA_SET = Defaults.class.getAnnotation(ReplicaSet.class);
        static final ShardedCluster SHARDED_CLUSTER = Defaults.class.getAnnotation(ShardedCluster.class);
    }
}
