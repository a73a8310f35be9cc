package dev.sluice.execution.jet;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * This JVM's Hazelcast members. Input and output builders are called on their worker's member but
 * given only worker indices, so those that use the cluster (a list, a map) find the member by the
 * name of its cluster.
 */
public final class LocalMembers {

    private LocalMembers() {}

    /**
     * This JVM's running member of the named cluster.
     *
     * @throws IllegalStateException when this JVM runs no member of that cluster
     */
    public static HazelcastInstance running(String clusterName) {
        for (HazelcastInstance member : Hazelcast.getAllHazelcastInstances()) {
            if (member.getConfig().getClusterName().equals(clusterName)
                    && member.getLifecycleService().isRunning()) {
                return member;
            }
        }
        throw new IllegalStateException("this JVM runs no member of cluster " + clusterName);
    }
}
