package dev.sluice.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.examples.Wordcount;
import dev.sluice.execution.metrics.StepCount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a worker's chain counts per step: items in and out, keys held, the frontier. */
class WorkerChainCountsTest {

    private static List<String> ops(List<StepCount> counts) {
        return counts.stream().map(StepCount::operator).toList();
    }

    /** Gives the chain an item, as a driver does: counted at the chain's input. */
    private static void push(WorkerChain chain, long epoch, Object item) {
        chain.countInput();
        chain.head().accept(epoch, item);
    }

    @Test
    void wordcountCountsItemsInAndOutOfEveryStep() {
        List<Object> captured = new ArrayList<>();
        WorkerChain chain = WorkerChain.of(Wordcount.flow().steps(), (epoch, item) -> captured.add(item));

        push(chain, 0, "to be or not to be");
        push(chain, 0, "to see");
        chain.advanceTo(1);
        push(chain, 1, "be");

        List<StepCount> counts = chain.counts();
        assertThat(ops(counts)).containsExactly("map", "flat_map", "map", "reduce_epoch", "capture");
        assertThat(counts).extracting(StepCount::itemsIn).containsExactly(3L, 3L, 9L, 9L, 5L);
        assertThat(counts).extracting(StepCount::itemsOut).containsExactly(3L, 9L, 9L, 5L, 5L);
        StepCount reduce = counts.get(3);
        assertThat(reduce.keyed()).isTrue();
        assertThat(reduce.keys()).as("be, in epoch 1").isEqualTo(1);
        assertThat(reduce.lowestOpenEpoch()).isEqualTo(1);
        assertThat(counts.get(0).lowestOpenEpoch()).isEqualTo(StepCount.UNKNOWN);

        chain.finish();
        counts = chain.counts();
        assertThat(counts.get(3).itemsOut()).isEqualTo(6);
        assertThat(counts.get(4).itemsIn()).isEqualTo(6).isEqualTo(captured.size());
        assertThat(counts.get(3).keys()).isZero();
        assertThat(counts.get(3).done()).isTrue();
    }

    @Test
    void aFilterAndAFlatMapEmitWhatTheyLetThrough() {
        Dataflow<Integer, ?> flow = Dataflow.input(Integer.class)
                .filter(n -> n % 2 == 0)
                .flatMap(n -> List.of(n, n, n))
                .capture();
        WorkerChain chain = WorkerChain.of(flow.steps(), (epoch, item) -> {});
        for (int n = 0; n < 10; n++) {
            push(chain, 0, n);
        }
        assertThat(chain.counts()).extracting(StepCount::itemsIn).containsExactly(10L, 5L, 15L);
        assertThat(chain.counts()).extracting(StepCount::itemsOut).containsExactly(5L, 15L, 15L);
    }

    /** The price of counting once per rate change: a failed item counts as emitted by a map (the run has failed). */
    @Test
    void anItemAMapFailedOnCountsAsEmittedByIt() {
        Dataflow<Integer, ?> flow =
                Dataflow.input(Integer.class).map(n -> 10 / n).capture();
        List<Object> captured = new ArrayList<>();
        WorkerChain chain = WorkerChain.of(flow.steps(), (epoch, item) -> captured.add(item));
        push(chain, 0, 5);
        assertThatThrownBy(() -> push(chain, 0, 0)).isInstanceOf(ArithmeticException.class);
        assertThat(chain.counts()).extracting(StepCount::itemsIn).containsExactly(2L, 2L);
        assertThat(chain.counts()).extracting(StepCount::itemsOut).containsExactly(2L, 2L);
        assertThat(captured).hasSize(1);
    }

    @Test
    void segmentsOfAVertexCountEachStepAndWhatReachedTheEnd() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpochLocal(Integer::sum)
                .mapToKeyValue(kv -> kv)
                .reduceEpoch(Integer::sum)
                .capture();
        List<Segment> segments = Segment.of(flow.steps());
        List<Object> exchanged = new ArrayList<>();
        // the first vertex: the input's segment and the reduce_epoch_local one, up to the exchange
        WorkerChain chain = WorkerChain.of(segments.subList(0, 2), (epoch, item) -> exchanged.add(item), c -> null);
        push(chain, 0, "a");
        push(chain, 0, "a");
        push(chain, 0, "b");
        chain.finish();
        assertThat(chain.counts()).extracting(StepCount::index).containsExactly(0, 1, 2);
        assertThat(chain.counts()).extracting(StepCount::itemsIn).containsExactly(3L, 3L, 2L);
        assertThat(chain.counts()).extracting(StepCount::itemsOut).containsExactly(3L, 2L, 2L);
        assertThat(exchanged).hasSize(2);
    }
}
