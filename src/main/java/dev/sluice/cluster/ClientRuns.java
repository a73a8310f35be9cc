package dev.sluice.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.ClusterJob;
import dev.sluice.execution.jet.FiniteRun;
import dev.sluice.execution.jet.RoundRobinInput;
import dev.sluice.failure.Throwables;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a flow's job from a client of the cluster, as {@code runCluster} and {@code spawnCluster} do
 * from the parent of their child JVMs.
 *
 * <p>The client does not submit the Jet job itself: a member submits it on the client's behalf (an
 * executor task) and returns how it ended as a value, because the client protocol would reduce a
 * step's exception to a generic one with its class name and message, losing its type and its
 * {@link dev.sluice.dataflow.StepFailure}; a value travels by Java serialization and keeps both.
 * Interrupting the caller puts a cancel request in a map the member listens to
 * ({@link CancellableRun}); it cancels the job, and the caller returns once it has.
 */
public final class ClientRuns {

    private static final String EXECUTOR = "sluice.runs";
    private static final String CANCEL_MAP = "sluice.runs.cancel";

    /**
     * How long a client waits for the member to confirm a cancel. A step that blocks delays the
     * cancel until the worker's current batch ends, so the wait is bounded; a local cluster's
     * children are stopped right after anyway.
     */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(2);

    private ClientRuns() {}

    /**
     * Runs a finite input on the client's cluster and returns every captured pair, as
     * {@link FiniteRun#onMember} does from a member.
     *
     * @param clusterName the cluster's name, by which workers find their member for the output
     */
    public static <I> List<EpochItem<Object>> runOn(
            HazelcastInstance client,
            String clusterName,
            Dataflow<I, ?> flow,
            Iterable<? extends EpochItem<? extends I>> input,
            int workersPerProcess) {
        Objects.requireNonNull(client, "client must not be null");
        return runOn(client, clusterName, flow, RoundRobinInput.of(input), workersPerProcess);
    }

    static <I> List<EpochItem<Object>> runOn(
            HazelcastInstance client,
            String clusterName,
            Dataflow<I, ?> flow,
            RoundRobinInput<I> input,
            int workersPerProcess) {
        Member target = dataMember(client);
        return FiniteRun.collect(
                client,
                target,
                clusterName,
                flow,
                input,
                (inputBuilder, outputBuilder) ->
                        run(client, target, new ClusterJob<>(flow, inputBuilder, outputBuilder, workersPerProcess)));
    }

    /** Runs the job on the client's cluster and waits for it; its failure is thrown as it was thrown. */
    static void run(HazelcastInstance client, ClusterJob<?> job) {
        run(client, dataMember(client), job);
    }

    private static Member dataMember(HazelcastInstance client) {
        return client.getCluster().getMembers().stream()
                .filter(member -> !member.isLiteMember())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the cluster has no data member to run the job"));
    }

    /** Runs the job from {@code target} and waits for it; its failure is thrown as it was thrown. */
    private static void run(HazelcastInstance client, Member target, ClusterJob<?> job) {
        String runId = UUID.randomUUID().toString();
        // A callback completes a future of our own: waiting on Hazelcast's client future instead
        // would break it when the waiting thread is interrupted.
        CompletableFuture<CancellableRun.Outcome> done = new CompletableFuture<>();
        client.getExecutorService(EXECUTOR)
                .submitToMember(new SubmitTask(job, runId), target, new ExecutionCallback<CancellableRun.Outcome>() {
                    @Override
                    public void onResponse(CancellableRun.Outcome response) {
                        done.complete(response);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        done.completeExceptionally(t);
                    }
                });
        CancellableRun.Outcome outcome;
        try {
            outcome = done.get();
        } catch (InterruptedException e) {
            cancel(client, runId, done);
            throw Throwables.cancellation("the run was cancelled: the thread waiting for it was interrupted", e);
        } catch (ExecutionException e) {
            throw Throwables.sneaky(Throwables.unwrapFuture(e));
        }
        outcome.rethrow();
    }

    /**
     * Asks the member running a client's job to cancel it, and waits a little for it to confirm:
     * the interrupt flag is cleared meanwhile (Hazelcast calls would fail on it) and set at the end.
     */
    private static void cancel(HazelcastInstance client, String runId, CompletableFuture<?> done) {
        Thread.interrupted();
        IMap<String, Object> runs = client.getMap(CANCEL_MAP);
        try {
            runs.put(runId, "the caller was interrupted");
            done.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            // not cancelled in time, or the cluster is gone: nothing more to wait for
        } finally {
            Throwables.cleanUp(() -> runs.delete(runId));
            Thread.currentThread().interrupt();
        }
    }

    /** Submits a flow's job from the member it runs on, and returns how it ended. */
    private static final class SubmitTask
            implements Callable<CancellableRun.Outcome>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;

        private final ClusterJob<?> job;
        private final String runId;
        private transient HazelcastInstance member;

        SubmitTask(ClusterJob<?> job, String runId) {
            this.job = job;
            this.runId = runId;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.member = hazelcastInstance;
        }

        @Override
        public CancellableRun.Outcome call() {
            return CancellableRun.run(member, FlowJob.dag(job), member.getMap(CANCEL_MAP), runId, jobId -> {});
        }
    }
}
