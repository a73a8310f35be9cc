package dev.sluice.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.execution.ClusterJob;
import dev.sluice.execution.jet.ProcessIds;
import dev.sluice.failure.Throwables;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * {@code Sluice.clusterMain}: this process is one member of a cluster started for one run; see
 * {@code Sluice.clusterMain} for the contract.
 *
 * <p>Every process starts a member with its declared process ID and waits for all the others. Then
 * the job runs once, and every process returns when it is done:
 * <ol>
 *   <li>Process 0 submits the DAG as a light job, records its ID under {@code job} in the
 *       {@value #COORDINATION_MAP} map, waits for it, and records its {@code outcome} (success, or the
 *       exception). It is the only submitter, so the job runs once, whoever starts first.</li>
 *   <li>The other processes wait for the {@code outcome} and return or throw it (the same exception,
 *       deserialized). Should process 0 leave the cluster without an outcome, they fail.</li>
 *   <li>Interrupting a process other than 0 puts {@code cancel} in the map; process 0 listens for it
 *       and cancels the job, so every process ends with a {@link CancellationException}.</li>
 *   <li>Each process then marks itself {@code done-<id>} and leaves once every process is done (or
 *       once any member has left: it only does so when all were done, or when it crashed). So no
 *       member leaves while another still needs the outcome it holds. Then process 0 shuts the
 *       whole cluster down at once (no data to migrate), and every process returns.</li>
 * </ol>
 * The cluster is the run's own: members are started for it and shut down after it.
 */
public final class ClusterMain {

    /** The map through which {@code clusterMain} processes agree on the run. */
    public static final String COORDINATION_MAP = "__sluice.cluster-main";

    /** How long {@code clusterMain} waits for every process to join by default. */
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofMinutes(2);

    private static final Duration DONE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private ClusterMain() {}

    /**
     * {@code Sluice.clusterMain} with the cluster name from the {@code sluice.cluster.name} system
     * property or the {@code SLUICE_CLUSTER_NAME} environment variable (default {@code sluice}) and
     * the default join timeout.
     */
    public static <I> void clusterMain(ClusterJob<I> job, List<String> addresses, int procId) {
        clusterMain(job, addresses, procId, defaultClusterName(), DEFAULT_JOIN_TIMEOUT);
    }

    /**
     * {@code Sluice.clusterMain} with a given cluster name and join timeout.
     *
     * @param clusterName the Hazelcast cluster name, the same on every process
     * @param joinTimeout how long to wait for every process to join
     */
    public static <I> void clusterMain(
            ClusterJob<I> job, List<String> addresses, int procId, String clusterName, Duration joinTimeout) {
        Dataflow<I, ?> flow = job.flow();
        int workersPerProc = job.workersPerProcess();
        Objects.requireNonNull(addresses, "addresses must not be null");
        int processes = Math.max(1, addresses.size());
        if (procId < 0 || procId >= processes) {
            throw new IllegalArgumentException("procId must be 0.." + (processes - 1) + " for "
                    + (addresses.isEmpty() ? "a one-process cluster (no addresses)" : addresses.size() + " addresses")
                    + ", got " + procId);
        }
        SeedRuns.checkCounts(processes, workersPerProc);
        flow.validate();
        ClusterSettings settings = ClusterSettings.ofProcess(addresses, procId, clusterName);
        HazelcastInstance member;
        try {
            member = SluiceMembers.start(settings);
        } catch (RuntimeException e) {
            throw new ClusterJoinException(
                    "process " + procId + " could not start its member at " + settings.bindAddress() + ":"
                            + settings.port() + ": " + e.getMessage(),
                    e);
        }
        try {
            new Process(member, processes, procId, job).run(addresses, joinTimeout);
        } finally {
            member.shutdown();
        }
    }

    /** One process's part in a {@code clusterMain} run. */
    private static final class Process {
        private final HazelcastInstance member;
        private final int processes;
        private final int procId;
        private final ClusterJob<?> job;
        private final IMap<String, Object> map;

        Process(HazelcastInstance member, int processes, int procId, ClusterJob<?> job) {
            this.member = member;
            this.processes = processes;
            this.procId = procId;
            this.job = job;
            this.map = member.getMap(COORDINATION_MAP);
        }

        void run(List<String> addresses, Duration joinTimeout) {
            try {
                Membership.awaitMembers(member, processes, addresses, joinTimeout);
            } catch (InterruptedException e) {
                throw Throwables.interrupted(
                        "process " + procId + " was interrupted while waiting for the " + "other processes to join", e);
            }
            List<ClusterProcess> ids = Membership.processes(member);
            if (ids.size() != processes || !ids.stream().allMatch(ClusterProcess::declared)) {
                throw new ClusterJoinException("the cluster of process " + procId + " is not the " + processes
                        + " processes given: " + ids + "; check that no other member lists these addresses");
            }
            CancellableRun.Outcome outcome = procId == 0 ? submit() : awaitOutcome();
            markDoneAndWaitForOthers();
            leaveTogether();
            outcome.rethrow();
        }

        /** Process 0: runs the job, records and returns its outcome. */
        private CancellableRun.Outcome submit() {
            CancellableRun.Outcome outcome;
            try {
                outcome = CancellableRun.run(member, FlowJob.dag(job), map, "cancel", jobId -> map.put("job", jobId));
            } catch (RuntimeException | Error e) {
                // the job could not even start: the others must hear of it too
                outcome = new CancellableRun.Outcome(null, e);
            }
            boolean interrupted = Thread.interrupted();
            try {
                record(outcome);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return outcome;
        }

        private void record(CancellableRun.Outcome outcome) {
            try {
                map.put("outcome", outcome);
            } catch (RuntimeException unserializable) {
                Throwable failure = outcome.failure();
                if (failure == null) {
                    throw unserializable;
                }
                // the failure does not serialize: send its text
                RuntimeException text =
                        new RuntimeException(failure.getClass().getName() + ": " + failure.getMessage());
                map.put("outcome", new CancellableRun.Outcome(outcome.jobId(), text));
            }
        }

        /** Processes other than 0: waits for process 0's outcome. */
        private CancellableRun.Outcome awaitOutcome() {
            long cancelDeadline = 0;
            while (true) {
                Object outcome = map.get("outcome");
                if (outcome != null) {
                    CancellableRun.Outcome result = (CancellableRun.Outcome) outcome;
                    if (cancelDeadline != 0 && result.failure() instanceof CancellationException) {
                        Thread.currentThread().interrupt();
                    }
                    return result;
                }
                if (!processZeroIsMember()) {
                    throw new IllegalStateException("process 0, which ran the job, left the cluster before the run "
                            + "finished; process " + procId + " stops");
                }
                if (cancelDeadline != 0 && System.nanoTime() - cancelDeadline > 0) {
                    Thread.currentThread().interrupt();
                    throw Throwables.cancellation(
                            "process " + procId + " was interrupted and asked process 0 to "
                                    + "cancel the run, which did not answer within " + CANCEL_TIMEOUT.toSeconds()
                                    + " s",
                            null);
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    if (cancelDeadline == 0) {
                        map.put("cancel", "process " + procId + " was interrupted");
                        cancelDeadline = System.nanoTime() + CANCEL_TIMEOUT.toNanos();
                    }
                }
            }
        }

        private boolean processZeroIsMember() {
            for (Member other : member.getCluster().getMembers()) {
                if (ProcessIds.declared(other).orElse(-1) == 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Ends the cluster at once, with no partition migration: process 0 shuts the whole cluster
         * down; the others wait for that (or for being alone). Each member's own shutdown, in
         * {@code clusterMain}, is then a no-op, or the fallback should this fail.
         */
        private void leaveTogether() {
            if (processes == 1) {
                return;
            }
            if (procId == 0) {
                Throwables.cleanUp(() -> member.getCluster().shutdown());
                return;
            }
            Interrupts.await(
                    () -> !member.getLifecycleService().isRunning()
                            || member.getCluster().getMembers().size() <= 1,
                    DONE_TIMEOUT);
        }

        private void markDoneAndWaitForOthers() {
            Throwables.cleanUp(() -> map.put("done-" + procId, Boolean.TRUE));
            Interrupts.await(() -> member.getCluster().getMembers().size() != processes || allDone(), DONE_TIMEOUT);
        }

        private boolean allDone() {
            for (int id = 0; id < processes; id++) {
                if (!map.containsKey("done-" + id)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String defaultClusterName() {
        String name = System.getProperty("sluice.cluster.name");
        if (name == null || name.isBlank()) {
            name = System.getenv("SLUICE_CLUSTER_NAME");
        }
        return name == null || name.isBlank() ? ClusterSettings.DEFAULT_CLUSTER_NAME : name;
    }
}
