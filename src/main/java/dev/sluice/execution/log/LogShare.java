package dev.sluice.execution.log;

import dev.sluice.dataflow.EpochItem;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One worker's share of a log that every worker reads whole: item {@code i} (counting items, not
 * progress markers) is this worker's when {@code i % workerCount == worker}, unless an earlier run
 * had done it ({@link LogProgress}).
 *
 * <p>Every worker sees every item, so every worker's epoch follows the whole log: an item that is
 * not this worker's but moves the log to a later epoch becomes a progress marker
 * ({@link EpochItem#advanceTo}), and the log's own markers pass through, so no worker holds an epoch
 * back for the others.
 *
 * @param <T> the item type
 */
public final class LogShare<T> implements Iterator<EpochItem<T>> {

    private final Iterator<EpochItem<T>> log;
    private final int worker;
    private final int workerCount;
    private final LogProgress done;
    private long index;
    private long epoch = -1;
    private EpochItem<T> next;
    private long nextIndex = -1;

    /**
     * @param log the log read from item {@code from}
     * @param from the index of the log's first item
     * @param worker this worker, {@code 0 <= worker < workerCount}
     * @param workerCount the workers sharing the log
     * @param done what earlier runs did; {@link LogProgress#NONE} on a fresh start
     */
    public LogShare(Iterator<EpochItem<T>> log, long from, int worker, int workerCount, LogProgress done) {
        if (workerCount < 1 || worker < 0 || worker >= workerCount) {
            throw new IllegalArgumentException("worker " + worker + " of " + workerCount);
        }
        this.log = log;
        this.index = from;
        this.worker = worker;
        this.workerCount = workerCount;
        this.done = done;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (!log.hasNext()) {
                return false;
            }
            EpochItem<T> found = log.next();
            if (found.isAdvance()) {
                if (found.epoch() >= epoch) {
                    next = found;
                }
            } else {
                long i = index++;
                if (i % workerCount == worker && !done.done(i)) {
                    next = found;
                    nextIndex = i;
                } else if (found.epoch() > epoch) {
                    next = EpochItem.advanceTo(found.epoch());
                }
            }
            if (next != null) {
                epoch = Math.max(epoch, next.epoch());
            }
        }
        return true;
    }

    @Override
    public EpochItem<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EpochItem<T> item = next;
        next = null;
        nextIndex = -1;
        return item;
    }

    /**
     * The index of the first item this worker has not passed: every earlier item of its share was
     * handed out by {@link #next} (or done before). An item {@link #hasNext} fetched but {@link #next}
     * has not handed out yet counts as not passed.
     */
    public long position() {
        return nextIndex >= 0 ? nextIndex : index;
    }
}
