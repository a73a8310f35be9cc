package dev.sluice.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.collection.IList;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.jet.JetDataflow;
import dev.sluice.execution.jet.ProcessIds;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The cluster entry points behind {@code Sluice.runCluster}, {@code spawnCluster} and
 * {@code clusterMain}; see those for the contract. This class keeps Hazelcast out of
 * {@code dev.sluice.execution.Sluice}.
 *
 * <h2>runCluster and spawnCluster</h2>
 * Start a {@link LocalCluster} of child JVMs, run the flow's job on it through a client in this JVM,
 * and stop the children, whatever happens. The client does not submit the Jet job itself: a member
 * submits it on the client's behalf (an executor task) and returns how it ended as a value, because
 * the client protocol would reduce a step's exception to a generic one with its class name and
 * message, losing its type and its {@link dev.sluice.dataflow.StepFailure}. Interrupting the caller
 * puts a cancel request in a map that the member listens to; it cancels the job, and the caller
 * returns once it has. {@code runCluster} collects the captured pairs in an {@code IList} of the
 * children's cluster, read through the client at the end. No child JVM has to report back.
 *
 * <h2>clusterMain</h2>
 * Every process starts a member with its declared process ID and waits for all the others. Then
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
public final class ClusterRuns {

    /** The map through which {@code clusterMain} processes agree on the run. */
    public static final String COORDINATION_MAP = "__sluice.cluster-main";

    /** How long {@code clusterMain} waits for every process to join by default. */
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofMinutes(2);

    private static final String EXECUTOR = "sluice.runs";
    private static final String RUNS_MAP = "sluice.runs.cancel";

    private static final Duration DONE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a client waits for the member to confirm a cancel. A step that blocks delays the
     * cancel until the worker's current batch ends, so the wait is bounded; a local cluster's
     * children are stopped right after anyway.
     */
    private static final Duration CLIENT_CANCEL_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;

    private ClusterRuns() {}

    /** {@code Sluice.runCluster}: the input round-robin over child JVM workers; the captured pairs back. */
    public static <I> List<EpochItem<Object>> runCluster(Dataflow<I, ?> flow,
            Iterable<? extends EpochItem<? extends I>> input, int procCount, int workersPerProc) {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(input, "input must not be null");
        checkCounts(procCount, workersPerProc);
        flow.validate();
        RoundRobinInput<I> items = RoundRobinInput.of(input);
        AtomicReference<List<EpochItem<Object>>> output = new AtomicReference<>();
        onLocalCluster(procCount, cluster ->
                output.set(runOn(cluster.client(), cluster.clusterName(), flow, items, workersPerProc)));
        return output.get();
    }

    /**
     * Runs a finite input on an existing cluster, as {@code runCluster} does on its own: split
     * round-robin over every worker of every member, the captured pairs collected in a temporary
     * {@code IList} of the cluster and returned, in no particular order.
     *
     * @param instance a member or client of the cluster
     * @param clusterName the cluster's name, by which workers find their member for the output
     */
    public static <I> List<EpochItem<Object>> runOn(HazelcastInstance instance, String clusterName,
            Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input, int workersPerProc) {
        Objects.requireNonNull(instance, "instance must not be null");
        return runOn(instance, clusterName, flow, RoundRobinInput.of(input), workersPerProc);
    }

    private static <I> List<EpochItem<Object>> runOn(HazelcastInstance instance, String clusterName,
            Dataflow<I, ?> flow, RoundRobinInput<I> items, int workersPerProc) {
        String listName = "sluice.run." + UUID.randomUUID();
        ListOutput output = new ListOutput(clusterName, listName);
        // refuse a bad flow before anything runs (not by building its DAG: Jet serializes the input then)
        Objects.requireNonNull(flow, "flow must not be null").validate();
        IList<EpochItem<Object>> list = instance.getList(listName);
        try {
            runJob(instance, flow, items, output, workersPerProc);
            return new ArrayList<>(list);
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                list.destroy();
            } catch (RuntimeException e) {
                // the cluster is going away with it
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** {@code Sluice.spawnCluster}: the flow on child JVMs, each worker calling the builders itself. */
    public static <I> void spawnCluster(Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder, int procCount, int workersPerProc) {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(inputBuilder, "inputBuilder must not be null");
        Objects.requireNonNull(outputBuilder, "outputBuilder must not be null");
        checkCounts(procCount, workersPerProc);
        JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProc); // refuse a bad flow before starting anything
        onLocalCluster(procCount, cluster -> runJob(cluster.client(), flow, inputBuilder, outputBuilder, workersPerProc));
    }

    /**
     * Runs the flow as a Jet light job on the instance's cluster and waits for it.
     *
     * <p>From a member, the job is submitted directly. From a client, a member submits it on the
     * client's behalf (an {@link IExecutorService} task) and returns the outcome as a value: the
     * client protocol would turn a step's exception into a generic one that keeps only its class name
     * and message, while a value travels by Java serialization, keeping the exception's type and its
     * {@link dev.sluice.dataflow.StepFailure}. Interrupting the caller puts a cancel request in a map
     * the member listens to, and it cancels the job.
     */
    static <I> void runJob(HazelcastInstance instance, Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder, int workersPerProc) {
        if (Membership.isMember(instance)) {
            JetDataflow.run(instance, JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProc));
            return;
        }
        Member target = instance.getCluster().getMembers().stream()
                .filter(member -> !member.isLiteMember())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the cluster has no data member to run the job"));
        String runId = UUID.randomUUID().toString();
        // A callback completes a future of our own: waiting on Hazelcast's client future instead
        // would break it when the waiting thread is interrupted.
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        instance.getExecutorService(EXECUTOR).submitToMember(
                new SubmitTask<>(flow, inputBuilder, outputBuilder, workersPerProc, runId), target,
                new ExecutionCallback<Outcome>() {
                    @Override
                    public void onResponse(Outcome response) {
                        done.complete(response);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        done.completeExceptionally(t);
                    }
                });
        Outcome outcome;
        try {
            outcome = done.get();
        } catch (InterruptedException e) {
            cancelRun(instance, runId, done);
            CancellationException cancelled = new CancellationException(
                    "the run was cancelled: the thread waiting for it was interrupted");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            throw sneaky(e.getCause() != null ? e.getCause() : e);
        }
        if (outcome.failure() != null) {
            throw sneaky(outcome.failure());
        }
    }

    /**
     * Asks the member running a client's job to cancel it, and waits a little for it to confirm:
     * the interrupt flag is cleared meanwhile (Hazelcast calls would fail on it) and set again at
     * the end.
     */
    private static void cancelRun(HazelcastInstance instance, String runId, CompletableFuture<Outcome> done) {
        Thread.interrupted();
        IMap<String, Object> runs = instance.getMap(RUNS_MAP);
        try {
            runs.put(runId, "the caller was interrupted");
            done.get(CLIENT_CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            // not cancelled in time, or the cluster is gone: nothing more to wait for
        } finally {
            try {
                runs.delete(runId);
            } catch (RuntimeException e) {
                // an entry of a gone cluster
            }
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the DAG as a light job from a member, and cancels it when {@code cancelKey} appears in
     * {@code map} (its value says why).
     *
     * @param onJobId told the job's ID once it is submitted
     * @return how the job ended; a cancelled job's failure is a {@link CancellationException} saying why
     */
    private static Outcome runCancellable(HazelcastInstance member, DAG dag, IMap<String, Object> map,
            String cancelKey, Consumer<String> onJobId) {
        Job job = member.getJet().newLightJob(dag);
        AtomicReference<Object> cancelledBy = new AtomicReference<>();
        UUID listener = map.addEntryListener(
                (EntryAddedListener<String, Object>) event -> cancel(job, cancelledBy, event.getValue()), cancelKey, true);
        Throwable failure = null;
        try {
            onJobId.accept(job.getIdString());
            Object early = map.get(cancelKey);
            if (early != null) {
                cancel(job, cancelledBy, early);
            }
            JetDataflow.join(job);
        } catch (CancellationException e) {
            Object by = cancelledBy.get();
            failure = by != null && !Thread.currentThread().isInterrupted()
                    ? new CancellationException("the run was cancelled: " + by)
                    : e;
        } catch (Throwable t) {
            failure = t;
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                map.removeEntryListener(listener);
            } catch (RuntimeException e) {
                // the member is going away
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new Outcome(job.getIdString(), failure);
    }

    private static void cancel(Job job, AtomicReference<Object> cancelledBy, Object by) {
        cancelledBy.compareAndSet(null, by);
        try {
            job.cancel();
        } catch (RuntimeException alreadyDone) {
            // it finished meanwhile
        }
    }

    /** Submits a flow's job from the member it runs on, and returns how it ended. */
    private static final class SubmitTask<I> implements Callable<Outcome>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;

        private final Dataflow<I, ?> flow;
        private final InputBuilderFn<I> inputBuilder;
        private final OutputBuilderFn outputBuilder;
        private final int workersPerProc;
        private final String runId;
        private transient HazelcastInstance member;

        SubmitTask(Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder,
                int workersPerProc, String runId) {
            this.flow = flow;
            this.inputBuilder = inputBuilder;
            this.outputBuilder = outputBuilder;
            this.workersPerProc = workersPerProc;
            this.runId = runId;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.member = hazelcastInstance;
        }

        @Override
        public Outcome call() {
            DAG dag = JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProc);
            return runCancellable(member, dag, member.getMap(RUNS_MAP), runId, jobId -> { });
        }
    }

    private interface ClusterTask {
        void run(LocalCluster cluster);
    }

    private static void onLocalCluster(int procCount, ClusterTask task) {
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(procCount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException(
                    "interrupted while " + procCount + " processes started; they are stopped");
            cancelled.initCause(e);
            throw cancelled;
        }
        try (cluster) {
            task.run(cluster);
        }
    }

    /**
     * {@code Sluice.clusterMain} with the cluster name from the {@code sluice.cluster.name} system
     * property or the {@code SLUICE_CLUSTER_NAME} environment variable (default {@code sluice}) and
     * the default join timeout.
     */
    public static <I> void clusterMain(Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder, List<String> addresses, int procId, int workersPerProc) {
        clusterMain(flow, inputBuilder, outputBuilder, addresses, procId, workersPerProc, defaultClusterName(),
                DEFAULT_JOIN_TIMEOUT);
    }

    /**
     * {@code Sluice.clusterMain} with a given cluster name and join timeout.
     *
     * @param clusterName the Hazelcast cluster name, the same on every process
     * @param joinTimeout how long to wait for every process to join
     */
    public static <I> void clusterMain(Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder, List<String> addresses, int procId, int workersPerProc,
            String clusterName, Duration joinTimeout) {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(inputBuilder, "inputBuilder must not be null");
        Objects.requireNonNull(outputBuilder, "outputBuilder must not be null");
        Objects.requireNonNull(addresses, "addresses must not be null");
        int processes = Math.max(1, addresses.size());
        if (procId < 0 || procId >= processes) {
            throw new IllegalArgumentException("procId must be 0.." + (processes - 1) + " for "
                    + (addresses.isEmpty() ? "a one-process cluster (no addresses)" : addresses.size() + " addresses")
                    + ", got " + procId);
        }
        checkCounts(processes, workersPerProc);
        flow.validate();
        ClusterSettings settings = mainSettings(addresses, procId, clusterName);
        HazelcastInstance member;
        try {
            member = SluiceMembers.start(settings);
        } catch (RuntimeException e) {
            throw new ClusterJoinException("process " + procId + " could not start its member at "
                    + settings.bindAddress() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        try {
            new MainRun<>(member, processes, procId, flow, inputBuilder, outputBuilder, workersPerProc)
                    .run(addresses, joinTimeout);
        } finally {
            member.shutdown();
        }
    }

    /** One process's part in a {@code clusterMain} run. */
    private static final class MainRun<I> {
        private final HazelcastInstance member;
        private final int processes;
        private final int procId;
        private final Dataflow<I, ?> flow;
        private final InputBuilderFn<I> inputBuilder;
        private final OutputBuilderFn outputBuilder;
        private final int workersPerProc;
        private final IMap<String, Object> map;

        MainRun(HazelcastInstance member, int processes, int procId, Dataflow<I, ?> flow,
                InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder, int workersPerProc) {
            this.member = member;
            this.processes = processes;
            this.procId = procId;
            this.flow = flow;
            this.inputBuilder = inputBuilder;
            this.outputBuilder = outputBuilder;
            this.workersPerProc = workersPerProc;
            this.map = member.getMap(COORDINATION_MAP);
        }

        void run(List<String> addresses, Duration joinTimeout) {
            try {
                Membership.awaitMembers(member, processes, addresses, joinTimeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("process " + procId + " was interrupted while waiting for the "
                        + "other processes to join");
            }
            List<ClusterProcess> ids = Membership.processes(member);
            if (ids.size() != processes || !ids.stream().allMatch(ClusterProcess::declared)) {
                throw new ClusterJoinException("the cluster of process " + procId + " is not the " + processes
                        + " processes given: " + ids + "; check that no other member lists these addresses");
            }
            Outcome outcome = procId == 0 ? submit() : awaitOutcome();
            markDoneAndWaitForOthers();
            leaveTogether();
            if (outcome.failure() != null) {
                throw sneaky(outcome.failure());
            }
        }

        /** Process 0: runs the job, records and returns its outcome. */
        private Outcome submit() {
            Outcome outcome;
            try {
                DAG dag = JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProc);
                outcome = runCancellable(member, dag, map, "cancel", jobId -> map.put("job", jobId));
            } catch (RuntimeException | Error e) {
                // the job could not even start: the others must hear of it too
                outcome = new Outcome(null, e);
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

        private void record(Outcome outcome) {
            try {
                map.put("outcome", outcome);
            } catch (RuntimeException unserializable) {
                Throwable failure = outcome.failure();
                if (failure == null) {
                    throw unserializable;
                }
                // the failure does not serialize: send its text
                RuntimeException text = new RuntimeException(failure.getClass().getName() + ": " + failure.getMessage());
                map.put("outcome", new Outcome(outcome.jobId(), text));
            }
        }

        /** Processes other than 0: waits for process 0's outcome. */
        private Outcome awaitOutcome() {
            long cancelDeadline = 0;
            while (true) {
                Object outcome = map.get("outcome");
                if (outcome != null) {
                    Outcome result = (Outcome) outcome;
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
                    throw new CancellationException("process " + procId + " was interrupted and asked process 0 to "
                            + "cancel the run, which did not answer within " + CANCEL_TIMEOUT.toSeconds() + " s");
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
            boolean interrupted = Thread.interrupted();
            try {
                if (processes == 1) {
                    return;
                }
                if (procId == 0) {
                    member.getCluster().shutdown();
                    return;
                }
                long deadline = System.nanoTime() + DONE_TIMEOUT.toNanos();
                while (member.getLifecycleService().isRunning() && member.getCluster().getMembers().size() > 1
                        && System.nanoTime() - deadline < 0) {
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (RuntimeException e) {
                // the cluster is going down anyway; each member shuts itself down next
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void markDoneAndWaitForOthers() {
            boolean interrupted = Thread.interrupted();
            try {
                map.put("done-" + procId, Boolean.TRUE);
                long deadline = System.nanoTime() + DONE_TIMEOUT.toNanos();
                while (System.nanoTime() - deadline < 0 && member.getCluster().getMembers().size() == processes) {
                    int done = 0;
                    for (int id = 0; id < processes; id++) {
                        if (map.containsKey("done-" + id)) {
                            done++;
                        }
                    }
                    if (done == processes) {
                        return;
                    }
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } catch (RuntimeException e) {
                // the others are leaving: nothing more to wait for
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** How a job ended: its ID and its failure, {@code null} for success. */
    private record Outcome(String jobId, Throwable failure) implements Serializable {}

    private static ClusterSettings mainSettings(List<String> addresses, int procId, String clusterName) {
        ClusterSettings settings = ClusterSettings.defaults().withClusterName(clusterName).withProcessId(procId);
        if (addresses.isEmpty()) {
            return settings.withPort(LocalCluster.freeLoopbackPorts(1).get(0));
        }
        HostPort self = HostPort.parse(addresses.get(procId));
        settings = settings.withPort(self.port()).withMembers(addresses);
        InetAddress local = localAddress(self.host());
        if (local != null) {
            return settings.withBindAddress(local.getHostAddress());
        }
        // the address is not one of this machine's interfaces (a name behind NAT, a container's
        // published address): listen everywhere and tell the others to use the given one
        return settings.withBindAddress("0.0.0.0").withPublicAddress(self.toString());
    }

    private static InetAddress localAddress(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
            return null;
        } catch (UnknownHostException | SocketException e) {
            return null;
        }
    }

    private static String defaultClusterName() {
        String name = System.getProperty("sluice.cluster.name");
        if (name == null || name.isBlank()) {
            name = System.getenv("SLUICE_CLUSTER_NAME");
        }
        return name == null || name.isBlank() ? ClusterSettings.DEFAULT_CLUSTER_NAME : name;
    }

    private static void checkCounts(int procCount, int workersPerProc) {
        if (procCount < 1) {
            throw new IllegalArgumentException("procCount must be at least 1, got " + procCount);
        }
        if (workersPerProc < 1) {
            throw new IllegalArgumentException("workersPerProc must be at least 1, got " + workersPerProc);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
