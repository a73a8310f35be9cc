package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.failure.Throwables;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An output that brings every captured pair to the member collecting the run ({@link RunOutputs}),
 * in batches: how {@link FiniteRun} gets the output of the service's finite runs and of
 * {@code runCluster} back.
 *
 * <p>A worker finds its member among this JVM's Hazelcast members by cluster name (an output builder
 * only gets its worker index). When the run is collected in the worker's own JVM, batches go to the
 * buffer as they are; otherwise they travel to the collecting member.
 */
final class CollectedOutput implements OutputBuilderFn {

    /** Pairs handed over in one go. */
    static final int BATCH = 1024;

    /** How long a worker waits for the reader of a streamed run to take a batch before it fails the run. */
    static final long READER_TIMEOUT_MILLIS = 60_000;

    private final String clusterName;
    private final String runId;
    private final UUID collector;

    CollectedOutput(String clusterName, String runId, UUID collector) {
        this.clusterName = Objects.requireNonNull(clusterName);
        this.runId = Objects.requireNonNull(runId);
        this.collector = Objects.requireNonNull(collector);
    }

    @Override
    public OutputFn build(int workerIndex, int workerCount) {
        BatchSink offer = RunOutputs.collectsHere(runId) ? batch -> RunOutputs.offer(runId, batch) : remoteSink();
        return new OutputFn() {
            private List<EpochItem<Object>> batch = new ArrayList<>(BATCH);

            @Override
            public void accept(EpochItem<Object> pair) {
                batch.add(pair);
                if (batch.size() >= BATCH) {
                    close();
                }
            }

            /** Hands over what is waiting; the driver calls it when the worker is done. */
            @Override
            public void close() {
                if (!batch.isEmpty()) {
                    handOver(offer, batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        };
    }

    /**
     * Offers a batch until the buffer takes it. A streamed run's buffer is bounded and drained by its
     * reader (say, an HTTP client reading NDJSON): while it is full, this worker waits, backing off
     * from 1 to 50 ms, so that a run holds only what is in flight; after {@link #READER_TIMEOUT_MILLIS}
     * without progress it fails the run rather than wait for a reader that is gone.
     */
    private void handOver(BatchSink offer, List<EpochItem<Object>> batch) {
        if (offer.accept(batch)) {
            return;
        }
        long deadline = System.nanoTime() + READER_TIMEOUT_MILLIS * 1_000_000;
        long pause = 1;
        while (!offer.accept(batch)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the reader of run " + runId + " took no output for "
                        + READER_TIMEOUT_MILLIS / 1000 + " s; the run is abandoned");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                throw Throwables.interrupted("interrupted while handing over the output of run " + runId, e);
            }
            pause = Math.min(50, pause * 2);
        }
    }

    private BatchSink remoteSink() {
        HazelcastInstance member = LocalMembers.running(clusterName);
        Member target = member.getCluster().getMembers().stream()
                .filter(m -> m.getUuid().equals(collector))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("the member collecting run " + runId + " has left the cluster"));
        return batch -> RunOutputs.deliver(member, target, runId, batch);
    }

    /** Takes a batch, which it then owns, or says it is full ({@code false}: offer it again later). */
    private interface BatchSink {
        boolean accept(List<EpochItem<Object>> batch);
    }
}
