package dev.sluice.execution.jet;

import java.io.Serializable;

/**
 * The workers of one process in a run: worker {@code i} of this process is worker
 * {@code processId * workersPerProcess + i} of {@code workerCount}.
 */
record Workers(int processId, int workersPerProcess, int workerCount) implements Serializable {

    /** The global worker index of this process's worker {@code localIndex}. */
    int index(int localIndex) {
        return processId * workersPerProcess + localIndex;
    }
}
