package dev.sluice.server.jobs;

import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.execution.metrics.StepCount;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A job's progress as {@code GET /jobs/{id}/progress} answers it: read from every member's workers when
 * asked, not from Jet's metrics.
 *
 * @param id the job's ID
 * @param flow the flow it runs
 * @param status as in the job view
 * @param steps what each step has done, added up over every worker of every member
 * @param inputs where each input worker is in the input
 * @param inputAccepted pairs its http input accepted; null for a builder input
 * @param inputRead pairs the input workers have passed into the flow
 * @param inputLag accepted but not yet read; null for a builder input
 * @param outputCommitted pairs its http output holds (the next offset); null for a builder output
 * @param lastSnapshotId the ID of its last successful snapshot while it runs; null before the first,
 *     without a guarantee, and once it has ended
 * @param lastSnapshotAt when that snapshot completed, epoch milliseconds, or null
 * @param lastSnapshotMillis how long it took, or null
 */
@Schema(
        name = "JobProgress",
        description = "What a job has done, read from every member's workers when asked: per step items in and "
                + "out, keys held and the lowest open epoch; per input worker its position; the input accepted "
                + "and read (their difference is the lag); the output committed; the last snapshot")
record JobProgress(
        @Schema(description = "The job's ID", example = "3f2c9a1b7d6e4c50")
        String id,

        @Schema(description = "The flow it runs", example = "wordcount")
        String flow,

        @Schema(description = "Its status, as `GET /jobs/{id}` shows it", example = "RUNNING")
        JobStatus status,

        @Schema(description = "Per step, in step order, added up over every worker of every member")
        List<StepProgress> steps,

        @Schema(description = "Per input worker, in worker order: where it is in the input")
        List<InputWorker> inputs,

        @Schema(nullable = true, description = "Pairs its http input accepted; null for a builder input", example = "5")
        Long inputAccepted,

        @Schema(description = "Pairs the input workers have passed into the flow", example = "5")
        long inputRead,

        @Schema(
                nullable = true,
                description = "Pairs accepted and not yet read (`inputAccepted - inputRead`); null for a builder input",
                example = "0")
        Long inputLag,

        @Schema(
                nullable = true,
                description = "Pairs its http output holds: the offset the next pair will have; null for a builder "
                        + "output. With a guarantee, pairs are committed with snapshots",
                example = "5")
        Long outputCommitted,

        @Schema(
                nullable = true,
                description = "The ID of its last successful snapshot (Jet numbers every snapshot it begins from 0) "
                        + "while it runs; null before the first, without a processing guarantee, and once it has ended",
                example = "12")
        Long lastSnapshotId,

        @Schema(
                nullable = true,
                description = "When that snapshot completed, epoch milliseconds; null when `lastSnapshotId` is",
                example = "1764590400000")
        Long lastSnapshotAt,

        @Schema(
                nullable = true,
                description = "How long that snapshot took, milliseconds; null when `lastSnapshotId` is",
                example = "14")
        Long lastSnapshotMillis) {

    /** A wordcount job fed {@code [[0, "to be or not to be"], [0, "to see"], [1, "be"]]}, its input closed. */
    static final String EXAMPLE = """
            {"id": "3f2c9a1b7d6e4c50", "flow": "wordcount", "status": "COMPLETED",
             "steps": [
              {"index": 0, "operator": "map", "keyed": false, "itemsIn": 3, "itemsOut": 3, "keys": null, "lowestOpenEpoch": null, "done": null},
              {"index": 1, "operator": "flat_map", "keyed": false, "itemsIn": 3, "itemsOut": 9, "keys": null, "lowestOpenEpoch": null, "done": null},
              {"index": 2, "operator": "map", "keyed": false, "itemsIn": 9, "itemsOut": 9, "keys": null, "lowestOpenEpoch": null, "done": null},
              {"index": 3, "operator": "reduce_epoch", "keyed": true, "itemsIn": 9, "itemsOut": 6, "keys": 0, "lowestOpenEpoch": null, "done": true},
              {"index": 4, "operator": "capture", "keyed": false, "itemsIn": 6, "itemsOut": 6, "keys": null, "lowestOpenEpoch": null, "done": null}],
             "inputs": [
              {"worker": 0, "position": 3, "read": 1, "ended": true}, {"worker": 1, "position": 3, "read": 1, "ended": true},
              {"worker": 2, "position": 3, "read": 1, "ended": true}, {"worker": 3, "position": 3, "read": 0, "ended": true}],
             "inputAccepted": 3, "inputRead": 3, "inputLag": 0, "outputCommitted": 6,
             "lastSnapshotId": null, "lastSnapshotAt": null, "lastSnapshotMillis": null}""";

    /**
     * One step's figures.
     *
     * @param index its position in the flow
     * @param operator the seed's operator name
     * @param keyed whether it keeps state per key
     * @param itemsIn items that came into it
     * @param itemsOut items it emitted to the next step
     * @param keys for a keyed step the keys it holds state for now; null for others
     * @param lowestOpenEpoch for a keyed step the lowest epoch still open there; null once done, or while
     *     no worker runs it, and for other steps
     * @param done for a keyed step whether every epoch is complete there (its input has ended); null for others
     */
    @Schema(name = "StepProgress", description = "What one step has done on every worker of every member")
    record StepProgress(
            @Schema(description = "Its position in the flow", example = "3")
            int index,

            @Schema(description = "The seed's operator name", example = "reduce_epoch")
            String operator,

            @Schema(description = "Whether it keeps state per key", example = "true")
            boolean keyed,

            @Schema(description = "Items that came into it", example = "7")
            long itemsIn,

            @Schema(description = "Items it emitted to the next step", example = "5")
            long itemsOut,

            @Schema(
                    nullable = true,
                    description = "For a keyed step, the keys it holds state for now (a key in two open epochs of "
                            + "`reduce_epoch` counts twice); null for other steps",
                    example = "0")
            Long keys,

            @Schema(
                    nullable = true,
                    description = "For a keyed step, the lowest epoch still open there (the lowest over its "
                            + "workers); null once `done`, while no worker runs it, and for other steps",
                    example = "2")
            Long lowestOpenEpoch,

            @Schema(
                    nullable = true,
                    description = "For a keyed step, whether every epoch is complete there: its input has ended; "
                            + "null for other steps",
                    example = "false")
            Boolean done) {

        static StepProgress of(StepCount count) {
            if (!count.keyed()) {
                return new StepProgress(
                        count.index(), count.operator(), false, count.itemsIn(), count.itemsOut(), null, null, null);
            }
            long lowest = count.lowestOpenEpoch();
            return new StepProgress(
                    count.index(),
                    count.operator(),
                    true,
                    count.itemsIn(),
                    count.itemsOut(),
                    count.keys(),
                    lowest == StepCount.UNKNOWN || count.done() ? null : lowest,
                    count.done());
        }
    }

    /**
     * One input worker.
     *
     * @param worker its index
     * @param position for an http input, the index of the first pair of the input it has not passed (every
     *     worker reads the whole input and takes pair {@code i} when {@code i % workers} is its index); for
     *     a builder input, the pairs it has taken
     * @param read the pairs of its own it has passed into the flow
     * @param ended whether it has read its whole input
     */
    @Schema(name = "InputWorker", description = "Where one input worker is in the input")
    record InputWorker(
            @Schema(description = "The worker's index", example = "0")
            int worker,

            @Schema(
                    description = "For an http input, the index of the first pair of the input this worker has not "
                            + "passed (each worker reads the whole input and takes pair i when i % workers is its "
                            + "index); for a builder input, the pairs it has taken",
                    example = "5")
            long position,

            @Schema(description = "The pairs of its own it has passed into the flow", example = "3")
            long read,

            @Schema(description = "Whether it has read its whole input", example = "false")
            boolean ended) {

        static InputWorker of(InputProgress progress) {
            return new InputWorker(progress.worker(), progress.position(), progress.read(), progress.ended());
        }
    }
}
