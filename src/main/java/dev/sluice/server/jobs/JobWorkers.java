package dev.sluice.server.jobs;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** What job inputs and outputs need on the member that runs a worker. */
final class JobWorkers {

    private JobWorkers() {}

    /**
     * This JVM's running member of the named cluster: builders are called on their worker's member
     * but given only worker indices, so they find the member by its cluster's name.
     */
    static HazelcastInstance member(String clusterName) {
        for (HazelcastInstance member : Hazelcast.getAllHazelcastInstances()) {
            if (member.getConfig().getClusterName().equals(clusterName) && member.getLifecycleService().isRunning()) {
                return member;
            }
        }
        throw new IllegalStateException("this JVM runs no member of cluster " + clusterName);
    }
}
