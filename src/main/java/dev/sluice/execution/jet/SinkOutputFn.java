package dev.sluice.execution.jet;

import com.hazelcast.jet.core.ProcessorMetaSupplier;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;

/**
 * An output that is a Jet sink of its own (Jet's Kafka connector, say): it is the flow's {@code output}
 * vertex, one processor per worker, and gets what each worker's capture steps saw as {@link
 * dev.sluice.dataflow.EpochItem}s (inbound ordinal {@code k} from the {@code k}-th capture step), with
 * watermarks. It takes part in Jet's snapshots as it likes (two-phase commits, say). Runs only on Jet:
 * {@link #build} refuses.
 */
public interface SinkOutputFn extends OutputBuilderFn {

    /** The output vertex's processors; the vertex runs one per worker ({@code workersPerProcess} a member). */
    ProcessorMetaSupplier sink();

    @Override
    default OutputFn build(int workerIndex, int workerCount) {
        throw new UnsupportedOperationException(
                getClass().getName() + " is a Jet sink: it runs only in a job on Jet (JetDataflow.dag)");
    }
}
