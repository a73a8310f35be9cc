package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Builds the output of one worker: called once per worker, on the process that runs it.
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface OutputBuilderFn extends Serializable {

    OutputFn build(int workerIndex, int workerCount) throws Exception;
}
