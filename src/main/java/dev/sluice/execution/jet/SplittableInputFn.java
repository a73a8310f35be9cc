package dev.sluice.execution.jet;

import dev.sluice.dataflow.fn.InputBuilderFn;

/**
 * An input builder that carries its data with it (a finite input given in full) and can hand each
 * process only the part its workers build from, so that a member receives its share rather than
 * the whole input.
 *
 * @param <I> the item type
 */
public interface SplittableInputFn<I> extends InputBuilderFn<I> {

    /**
     * What workers {@code [firstWorker, firstWorker + workers)} of {@code workerCount} build from:
     * an input builder that gives each of them what this one would.
     */
    InputBuilderFn<I> share(int firstWorker, int workers, int workerCount);
}
