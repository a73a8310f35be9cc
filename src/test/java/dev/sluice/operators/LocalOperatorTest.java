package dev.sluice.operators;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.Sluice;
import dev.sluice.testing.FlowDriver;
import java.util.List;

/** The operator contract on the one-thread local driver ({@code Sluice.run}). */
class LocalOperatorTest extends OperatorContract {

    @Override
    protected FlowDriver driver() {
        return new FlowDriver() {
            @Override
            public <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
                return Sluice.run(flow, input);
            }

            @Override
            public int workerCount() {
                return 1;
            }
        };
    }
}
