package dev.sluice.execution.log;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An output that can also take what the workers capture as commits tied to an engine's snapshots:
 * a worker hands over the pairs it captured since its last commit only once the snapshot that covers
 * them is complete, so a restart from that snapshot never repeats them. After a restart a commit may
 * be handed over again; the log must then skip it.
 *
 * <p>Without snapshots the engine uses the {@link OutputBuilderFn} side instead.
 */
public interface CommitLogFn extends OutputBuilderFn {

    /**
     * Appends one commit, unless it was appended before: commit {@code sequence} of {@code writer} is
     * new only if that writer's last appended commit has a lower sequence. One writer's commits come
     * in increasing sequence; commits of different writers interleave.
     *
     * @param writer who staged the commit (the same number across restarts for the same commit)
     * @param sequence the commit's sequence, increasing per writer and across restarts
     * @param pairs what the writer captured, in order
     */
    void commit(int writer, long sequence, List<EpochItem<Object>> pairs) throws Exception;

    /**
     * Whether {@link #commitAsync} never blocks, so that an engine may run the worker that commits on
     * its shared threads. Such a log is for jobs with snapshots only, where the engine commits and never
     * uses the {@link OutputBuilderFn} side. The default, {@code false}, suits a log whose commits block.
     */
    default boolean cooperative() {
        return false;
    }

    /**
     * Appends one commit as {@link #commit} does, without waiting for it: the stage completes once the
     * commit is appended (or skipped), exceptionally if it failed. An engine hands over a writer's next
     * commit only after the stage of its last one has completed. The default commits on the calling
     * thread.
     */
    default CompletionStage<Void> commitAsync(int writer, long sequence, List<EpochItem<Object>> pairs) {
        try {
            commit(writer, sequence, pairs);
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
