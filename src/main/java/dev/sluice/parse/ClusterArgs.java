package dev.sluice.parse;

/**
 * How many processes to start on this machine, each with how many worker threads: the arguments of
 * the seed's {@code run_cluster} and {@code spawn_cluster}, as {@link Parse#clusterArgs} reads them.
 *
 * @param procCount the number of processes, at least 1 ({@code -n}, default 1)
 * @param workerCountPerProc the number of worker threads in each process, at least 1 ({@code -w},
 *     default 1)
 */
public record ClusterArgs(int procCount, int workerCountPerProc) {

    /**
     * Checks the counts.
     *
     * @param procCount the number of processes, at least 1
     * @param workerCountPerProc the number of worker threads in each process, at least 1
     * @throws IllegalArgumentException if a count is below 1
     */
    public ClusterArgs {
        if (procCount < 1) {
            throw new IllegalArgumentException("procCount must be at least 1, got " + procCount);
        }
        if (workerCountPerProc < 1) {
            throw new IllegalArgumentException("workerCountPerProc must be at least 1, got " + workerCountPerProc);
        }
    }

    /**
     * The number of workers of the whole cluster.
     *
     * @return {@code procCount * workerCountPerProc}
     */
    public int workerCount() {
        return Math.multiplyExact(procCount, workerCountPerProc);
    }
}
