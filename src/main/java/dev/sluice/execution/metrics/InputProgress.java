package dev.sluice.execution.metrics;

import java.io.Serializable;

/**
 * Where one input worker is in its input.
 *
 * @param worker the worker's index
 * @param workerCount the workers sharing the input
 * @param position for a log that every worker reads whole (a job's http input), the index of the first
 *     item of the log this worker has not passed yet; for another input, the items it has taken
 * @param read the items of its own it has passed into the flow: for a log, those of its share below
 *     {@code position} (item {@code i} is worker {@code i % workerCount}'s)
 * @param ended whether it has read its whole input
 */
public record InputProgress(int worker, int workerCount, long position, long read, boolean ended)
        implements Serializable {

    /** Worker {@code worker}'s items of a shared log below {@code position}. */
    public static long shareBelow(long position, int worker, int workerCount) {
        return position <= worker ? 0 : (position - worker - 1) / workerCount + 1;
    }
}
