package dev.sluice.execution.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.EpochItem;
import org.junit.jupiter.api.Test;

class FrontierTest {

    @Test
    void aNewFrontierHasEveryEpochOpen() {
        Frontier frontier = new Frontier();

        assertThat(frontier.lowestOpenEpoch()).isZero();
        assertThat(frontier.lessThan(0)).isFalse();
        assertThat(frontier.lessEqual(0)).isTrue();
        assertThat(frontier.done()).isFalse();
        assertThat(frontier).hasToString("{0}");
    }

    /** The table of the package documentation, row by row. */
    @Test
    void theWorkedExampleOfThePackageDocumentation() {
        Frontier frontier = new Frontier();
        assertRow(frontier, true, true, false);

        // (0, "a"), (0, "b"): epoch 0 was already the frontier
        assertThat(frontier.advanceTo(0)).isFalse();
        assertRow(frontier, true, true, false);

        // (2, "c"): epochs 0 and 1 complete
        assertThat(frontier.advanceTo(2)).isTrue();
        assertRow(frontier, false, true, false);
        assertThat(frontier.lessEqual(0)).as("epoch 0 is complete").isFalse();
        assertThat(frontier.lessEqual(1))
                .as("epoch 1 is complete, though it had no item")
                .isFalse();

        // the end of input
        assertThat(frontier.close()).isTrue();
        assertRow(frontier, false, false, true);
    }

    private static void assertRow(Probe probe, boolean lessThan2, boolean lessEqual2, boolean done) {
        assertThat(probe.lessThan(2)).as("lessThan(2) at %s", probe).isEqualTo(lessThan2);
        assertThat(probe.lessEqual(2)).as("lessEqual(2) at %s", probe).isEqualTo(lessEqual2);
        assertThat(probe.done()).as("done() at %s", probe).isEqualTo(done);
    }

    @Test
    void aFrontierOnlyMovesForward() {
        Frontier frontier = new Frontier();

        assertThat(frontier.advanceTo(3)).isTrue();
        assertThat(frontier.advanceTo(2)).isFalse();
        assertThat(frontier.advanceTo(3)).isFalse();
        assertThat(frontier.advanceTo(-1)).isFalse();

        assertThat(frontier.lowestOpenEpoch()).isEqualTo(3);
        assertThat(frontier).hasToString("{3}");
    }

    @Test
    void anEmptyFrontierIsDoneForEveryEpochAndStaysSo() {
        Frontier frontier = new Frontier();
        frontier.advanceTo(5);

        assertThat(frontier.close()).isTrue();
        assertThat(frontier.close()).isFalse();
        assertThat(frontier.advanceTo(EpochItem.MAX_EPOCH)).isFalse();

        assertThat(frontier.done()).isTrue();
        assertThat(frontier.lessThan(EpochItem.MAX_EPOCH)).isFalse();
        assertThat(frontier.lessEqual(EpochItem.MAX_EPOCH)).isFalse();
        assertThat(frontier.lessEqual(Long.MAX_VALUE)).isFalse();
        assertThat(frontier.lowestOpenEpoch()).isEqualTo(Long.MAX_VALUE);
        assertThat(frontier).hasToString("{}");
    }

    @Test
    void theLastEpochCanBeOpenAndThenComplete() {
        Frontier frontier = new Frontier();

        frontier.advanceTo(EpochItem.MAX_EPOCH);
        assertThat(frontier.lessEqual(EpochItem.MAX_EPOCH)).isTrue();
        assertThat(frontier.done()).isFalse();

        frontier.close();
        assertThat(frontier.lessEqual(EpochItem.MAX_EPOCH)).isFalse();
    }
}
