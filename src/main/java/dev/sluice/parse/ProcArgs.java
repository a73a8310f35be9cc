package dev.sluice.parse;

import java.util.List;
import java.util.Objects;

/**
 * This process's place in a cluster started by hand: the arguments of the seed's {@code
 * cluster_main}, as {@link Parse#procArgs} and {@link Parse#procEnv} read them.
 *
 * <p>The cluster has {@code addresses.size()} processes; this one is {@code addresses.get(procId)},
 * and its workers have the global indices {@code procId * workerCountPerProc} up to {@code (procId +
 * 1) * workerCountPerProc - 1}.
 *
 * @param workerCountPerProc the number of worker threads in each process, at least 1
 * @param addresses the {@code host:port} address of every process of the cluster, this one
 *     included, in process id order; not empty, unmodifiable
 * @param procId the index of this process in {@code addresses}, from 0
 */
public record ProcArgs(int workerCountPerProc, List<String> addresses, int procId) {

    /**
     * Checks the arguments and copies the addresses.
     *
     * @param workerCountPerProc the number of worker threads in each process, at least 1
     * @param addresses the address of every process, in process id order; not empty
     * @param procId the index of this process in {@code addresses}
     * @throws IllegalArgumentException if the worker count is below 1, an address is blank, there are
     *     no addresses, or {@code procId} is not an index of {@code addresses}
     * @throws NullPointerException if {@code addresses} or one of them is {@code null}
     */
    public ProcArgs {
        if (workerCountPerProc < 1) {
            throw new IllegalArgumentException("workerCountPerProc must be at least 1, got " + workerCountPerProc);
        }
        Objects.requireNonNull(addresses, "addresses must not be null");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses must list every process of the cluster, got none");
        }
        for (String address : addresses) {
            if (address.isBlank()) {
                throw new IllegalArgumentException("addresses must be host:port, got a blank one in " + addresses);
            }
        }
        if (procId < 0 || procId >= addresses.size()) {
            throw new IllegalArgumentException("procId must be in [0, " + addresses.size() + ") for " + addresses.size()
                    + " addresses, got " + procId);
        }
    }

    /**
     * The number of processes of the cluster.
     *
     * @return {@code addresses.size()}
     */
    public int procCount() {
        return addresses.size();
    }
}
