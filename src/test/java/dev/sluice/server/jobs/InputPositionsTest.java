package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.execution.log.LogPosition;
import org.junit.jupiter.api.Test;

/** What retention may drop of an input, from the positions its workers report. */
class InputPositionsTest {

    private static InputPositions reported(LogPosition... reports) {
        InputPositions positions = new InputPositions(-1, new long[0]);
        for (LogPosition report : reports) {
            positions = positions.with(report);
        }
        return positions;
    }

    @Test
    void nothingIsPassedUntilEveryWorkerOfTheRunHasReported() {
        assertThat(reported(new LogPosition(7, 0, 2, 10)).passed()).isEqualTo(-1);
        assertThat(reported(new LogPosition(7, 0, 2, 10), new LogPosition(7, 1, 2, 4))
                        .passed())
                .isEqualTo(4);
    }

    @Test
    void aWorkersPositionOnlyMovesUp() {
        InputPositions positions =
                reported(new LogPosition(7, 0, 2, 10), new LogPosition(7, 1, 2, 8), new LogPosition(7, 1, 2, 6));

        assertThat(positions.passed()).isEqualTo(8);
    }

    @Test
    void aReportOfAnotherRunStartsOverRatherThanMixRuns() {
        InputPositions positions =
                reported(new LogPosition(7, 0, 2, 1000), new LogPosition(7, 1, 2, 900), new LogPosition(8, 1, 2, 950));

        // run 8 restarted from a snapshot whose lowest position may be below 900: wait for all of it
        assertThat(positions.passed()).isEqualTo(-1);
        assertThat(positions.with(new LogPosition(8, 0, 2, 920)).passed()).isEqualTo(920);
    }

    @Test
    void aRunWithAnotherWorkerCountStartsOver() {
        InputPositions positions = reported(new LogPosition(7, 0, 1, 50), new LogPosition(7, 0, 2, 60));

        assertThat(positions.passed()).isEqualTo(-1);
    }

    @Test
    void everyWorkerAtTheEndPassesEverything() {
        assertThat(reported(new LogPosition(3, 0, 2, Long.MAX_VALUE), new LogPosition(3, 1, 2, Long.MAX_VALUE))
                        .passed())
                .isEqualTo(Long.MAX_VALUE);
    }
}
