package dev.sluice.cluster;

import java.util.UUID;

/**
 * One member of a Sluice cluster with the process ID it has: what {@code GET /cluster} shows.
 *
 * @param processId the process ID; its workers are {@code processId * workersPerProcess + localIndex}
 * @param address the member's Hazelcast address, {@code host:port}
 * @param uuid the member's Hazelcast UUID
 * @param declared whether the member declared its ID, rather than taking it from its place in the membership
 * @param self whether this is the member (or for a client, no member) that answered
 */
public record ClusterProcess(int processId, String address, UUID uuid, boolean declared, boolean self) {

    @Override
    public String toString() {
        return "process " + processId + " at " + address + (declared ? " (declared)" : "");
    }
}
