package dev.sluice.execution.log;

import java.io.Serializable;

/**
 * Where one worker of one run of a job stands in a shared log for good: every item of its share
 * below {@code position} is done, and no restart will read it again ({@link LogInputFn#passed}).
 *
 * <p>The log may drop item {@code i} once, for one run, every worker's position is past it: a
 * restart resumes from a committed snapshot, whose positions are at or beyond the ones reported
 * from it, and the run it starts begins there. Positions of different runs must not be combined
 * (a run restored from a snapshot starts every worker at the lowest position of that snapshot).
 *
 * @param run the run (the engine's execution) the worker belongs to; a restart is another run
 * @param worker the worker, {@code 0 <= worker < workerCount}
 * @param workerCount the workers the run splits the log among
 * @param position the index of the first item of the log this worker has not passed for good;
 *     {@link Long#MAX_VALUE} once it has read the whole log
 */
public record LogPosition(long run, int worker, int workerCount, long position) implements Serializable {

    public LogPosition {
        if (workerCount < 1 || worker < 0 || worker >= workerCount || position < 0) {
            throw new IllegalArgumentException("worker " + worker + " of " + workerCount + " at position " + position);
        }
    }
}
