package dev.sluice.server.jobs;

import com.hazelcast.map.EntryProcessor;
import dev.sluice.execution.log.LogPosition;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * Where the input workers of one run of a job stand for good, as they report it through {@link
 * HttpJobInput#passed} (the retention hook of {@link dev.sluice.execution.log.LogInputFn}), in the map
 * {@value #MAP}. Only one run's positions are kept: a report of another run starts over, since
 * positions of different runs must not be combined ({@link LogPosition}).
 *
 * @param run the run they belong to
 * @param positions per worker, its position; -1 for a worker that has not reported yet
 */
record InputPositions(long run, long[] positions) implements Serializable {

    static final String MAP = "sluice.job-input-positions";

    /** Below which item every worker of the run has passed the log for good; -1 until every worker has reported. */
    long passed() {
        long lowest = Long.MAX_VALUE;
        for (long position : positions) {
            if (position < 0) {
                return -1;
            }
            lowest = Math.min(lowest, position);
        }
        return lowest;
    }

    /** This and a worker's report: its position moves up, or a new run starts over. */
    InputPositions with(LogPosition report) {
        long[] next;
        if (report.run() != run || report.workerCount() != positions.length) {
            next = new long[report.workerCount()];
            Arrays.fill(next, -1);
        } else {
            next = positions.clone();
        }
        next[report.worker()] = Math.max(next[report.worker()], report.position());
        return new InputPositions(report.run(), next);
    }

    /** Records one worker's report on the member that owns the job's entry. */
    record Report(LogPosition position) implements EntryProcessor<String, InputPositions, Void> {
        @Override
        public Void process(Map.Entry<String, InputPositions> entry) {
            InputPositions current = entry.getValue();
            entry.setValue(
                    current == null
                            ? new InputPositions(position.run(), new long[0]).with(position)
                            : current.with(position));
            return null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputPositions that && run == that.run && Arrays.equals(positions, that.positions);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(run) + Arrays.hashCode(positions);
    }

    @Override
    public String toString() {
        return "run " + run + " at " + Arrays.toString(positions);
    }
}
