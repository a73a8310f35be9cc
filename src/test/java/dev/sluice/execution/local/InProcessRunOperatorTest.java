package dev.sluice.execution.local;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.operators.OperatorContract;
import dev.sluice.testing.FlowDriver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The operator contract on {@link InProcessRun}: several workers in one thread, as a small service run. */
class InProcessRunOperatorTest {

    private static FlowDriver inProcess(int workerCount) {
        return new FlowDriver() {
            @Override
            public <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
                List<EpochItem<Object>> captured = new ArrayList<>();
                InProcessRun.run(flow, input, workerCount, (epoch, item) -> captured.add(new EpochItem<>(epoch, item)));
                return captured;
            }

            @Override
            public int workerCount() {
                return workerCount;
            }
        };
    }

    @Nested
    class OneWorker extends OperatorContract {
        @Override
        protected FlowDriver driver() {
            return inProcess(1);
        }
    }

    @Nested
    class ThreeWorkers extends OperatorContract {
        @Override
        protected FlowDriver driver() {
            return inProcess(3);
        }
    }

    @Nested
    class FourWorkers extends OperatorContract {
        @Override
        protected FlowDriver driver() {
            return inProcess(4);
        }
    }
}
