package dev.sluice.inputs;

import dev.sluice.dataflow.EpochItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Wrap an {@link Iterable} of items to give them epochs: the seed's {@code bytewax.inputs}.
 *
 * <p>Every method checks its arguments at once but reads nothing: the returned {@code Iterable}
 * calls {@code items.iterator()} only when it is itself iterated, pulls one source item per item
 * it hands out (except {@link #sortedWindow}, which must look ahead by up to a window of time),
 * and so works on infinite sources. Iterating a result again iterates its source again, from
 * scratch: per-iteration state (the next epoch, the start time taken from the first item, the
 * sort buffer) is never shared between two iterations.
 *
 * <p>The returned iterators are not thread-safe and do not support {@code remove}.
 *
 * @see dev.sluice.dataflow.EpochItem
 */
public final class Inputs {

    private Inputs() {}

    /**
     * All items in the same epoch, 0: for batch processing, where the whole input is one unit of
     * work and keyed epoch operators aggregate over all of it.
     *
     * <pre>{@code
     * Inputs.singleBatch(List.of("a", "b", "c"))   // (0, a), (0, b), (0, c)
     * }</pre>
     *
     * @param items the items, read lazily
     * @param <T> the item type
     * @return the items, each in epoch 0
     */
    public static <T> Iterable<EpochItem<T>> singleBatch(Iterable<T> items) {
        requireItems(items);
        return () -> new MappingIterator<T, EpochItem<T>>(items.iterator()) {
            @Override
            EpochItem<T> map(T item) {
                return EpochItem.of(0, item);
            }
        };
    }

    /**
     * Each item in an epoch of its own, 0, 1, 2, ...: the input is processed strictly in order.
     *
     * <p>Be careful with high-volume streams over many workers: every epoch costs progress
     * tracking, so very fine epochs cost throughput.
     *
     * <pre>{@code
     * Inputs.fullyOrdered(List.of("a", "b", "c"))  // (0, a), (1, b), (2, c)
     * }</pre>
     *
     * @param items the items, read lazily
     * @param <T> the item type
     * @return the items, the n-th (from 0) in epoch n
     */
    public static <T> Iterable<EpochItem<T>> fullyOrdered(Iterable<T> items) {
        requireItems(items);
        return () -> new MappingIterator<T, EpochItem<T>>(items.iterator()) {
            private long epoch;

            @Override
            EpochItem<T> map(T item) {
                return EpochItem.of(epoch++, item);
            }
        };
    }

    /**
     * Tumbling epochs by ingestion time: the wall clock ({@link Clock#systemUTC()}) read at the
     * moment each item is read from {@code items}. The first item opens epoch 0; each following
     * item is in epoch {@code (now - firstItemTime) / epochLength}, truncated.
     *
     * <pre>{@code
     * // "a" read, 4 s pass, "b" read, 1 s passes, "c" read:
     * Inputs.tumblingEpoch(items, Duration.ofSeconds(2))   // (0, a), (2, b), (2, c)
     * }</pre>
     *
     * @param items the items, read lazily
     * @param epochLength the length of every epoch, positive
     * @param <T> the item type
     * @return the items with their epochs
     * @see #tumblingEpoch(Iterable, Duration, Function, Instant, long)
     */
    public static <T> Iterable<EpochItem<T>> tumblingEpoch(Iterable<T> items, Duration epochLength) {
        return tumblingEpoch(items, epochLength, Clock.systemUTC());
    }

    /**
     * Tumbling epochs by ingestion time, read from the given clock: as {@link
     * #tumblingEpoch(Iterable, Duration)}, with a clock of your choosing (a fixed or hand-driven
     * clock in tests).
     *
     * @param items the items, read lazily
     * @param epochLength the length of every epoch, positive
     * @param clock read once per item, when the item is read
     * @param <T> the item type
     * @return the items with their epochs
     */
    public static <T> Iterable<EpochItem<T>> tumblingEpoch(Iterable<T> items, Duration epochLength, Clock clock) {
        Objects.requireNonNull(clock, "clock must not be null");
        return tumblingEpoch(items, epochLength, item -> clock.instant(), null, 0);
    }

    /**
     * Tumbling epochs by event time: the time of the first item opens epoch 0, and every item is
     * in epoch {@code (timeGetter(item) - firstItemTime) / epochLength}, truncated.
     *
     * <pre>{@code
     * // items at 01:02:03, 01:02:04 and 01:02:08:
     * Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time)   // epochs 0, 0, 2
     * }</pre>
     *
     * @param items the items, read lazily
     * @param epochLength the length of every epoch, positive
     * @param timeGetter gives an item's time; called once per item
     * @param <T> the item type
     * @return the items with their epochs
     * @see #tumblingEpoch(Iterable, Duration, Function, Instant, long)
     */
    public static <T> Iterable<EpochItem<T>> tumblingEpoch(
            Iterable<T> items, Duration epochLength, Function<? super T, Instant> timeGetter) {
        return tumblingEpoch(items, epochLength, timeGetter, null, 0);
    }

    /**
     * All items within one tumbling window of time are in the same epoch.
     *
     * <p>The epoch of an item at time {@code t} is {@code epochStart + (t - epochStartTime) /
     * epochLength}, the division truncated towards zero as the seed's {@code int()} does. When
     * {@code epochStartTime} is {@code null} (the default) the time of the first item read is the
     * start time, and that item is in epoch {@code epochStart}.
     *
     * <p>Epochs must not go backwards, so give this helper items in time order (see {@link
     * #sortedWindow}). An item slightly older than the start time still falls in epoch {@code
     * epochStart} because of the truncation; one a whole {@code epochLength} older would have a
     * negative epoch, which is an error.
     *
     * <pre>{@code
     * // resume numbering at epoch 100, with epochs aligned to midnight:
     * Inputs.tumblingEpoch(items, Duration.ofMinutes(1), Event::time,
     *         Instant.parse("2022-02-22T00:00:00Z"), 100)
     * }</pre>
     *
     * @param items the items, read lazily
     * @param epochLength the length of every epoch, positive
     * @param timeGetter gives an item's time; called once per item, must not return {@code null}
     * @param epochStartTime the start of epoch {@code epochStart}, or {@code null} for the time of
     *     the first item
     * @param epochStart the epoch to count from, non-negative (default 0); use it to continue the
     *     numbering of an earlier run
     * @param <T> the item type
     * @return the items with their epochs
     * @throws IllegalArgumentException (when iterated) if an item's epoch would be negative or
     *     would not fit in a {@code long}
     */
    public static <T> Iterable<EpochItem<T>> tumblingEpoch(
            Iterable<T> items,
            Duration epochLength,
            Function<? super T, Instant> timeGetter,
            Instant epochStartTime,
            long epochStart) {
        requireItems(items);
        Objects.requireNonNull(epochLength, "epochLength must not be null");
        if (epochLength.isNegative() || epochLength.isZero()) {
            throw new IllegalArgumentException("epochLength must be positive, got " + epochLength);
        }
        Objects.requireNonNull(
                timeGetter, "timeGetter must not be null; for ingestion time use tumblingEpoch(items, epochLength)");
        if (epochStart < 0) {
            throw new IllegalArgumentException("epochStart must be non-negative (epochs are), got " + epochStart);
        }
        return () -> new MappingIterator<T, EpochItem<T>>(items.iterator()) {
            private Instant startTime = epochStartTime;

            @Override
            EpochItem<T> map(T item) {
                Instant time = timeOf(timeGetter, item);
                if (startTime == null) {
                    startTime = time;
                    return EpochItem.of(epochStart, item);
                }
                return EpochItem.of(epochOf(time, startTime, epochLength, epochStart), item);
            }
        };
    }

    private static long epochOf(Instant time, Instant startTime, Duration epochLength, long epochStart) {
        long epoch;
        try {
            epoch = Math.addExact(Duration.between(startTime, time).dividedBy(epochLength), epochStart);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "the epoch of the item at " + time + " (epoch start time "
                            + startTime + ", epoch length " + epochLength + ") does not fit in a long; "
                            + "use a longer epochLength",
                    e);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("the item at " + time + " is more than one epoch length ("
                    + epochLength + ") before the epoch start time " + startTime + ", so its epoch would be "
                    + epoch + "; epochs must be non-negative: pass an earlier epochStartTime or a larger "
                    + "epochStart, or order the input by time first (sortedWindow)");
        }
        return epoch;
    }

    /**
     * Sort items by time, within a window: for sources that are only roughly in time order.
     *
     * <p>Items are held back in a buffer and released in increasing time order once an item at
     * least {@code windowLength} newer has been read; at the end of the input, the rest of the
     * buffer is released. An item no newer than (newest time read so far - {@code windowLength})
     * would come after newer items already released, so it is dropped instead (and given to
     * {@code onDrop}, when set). The window is a trade-off: input already in order needs {@link
     * Duration#ZERO} and drops nothing; the more disordered the input, the longer the window must
     * be (and the more items are buffered) to drop nothing.
     *
     * <p>Items with equal times are released in the order CPython's {@code heapq} gives them,
     * which is not their input order: this follows the seed's results exactly.
     *
     * <pre>{@code
     * // c at 01:02:04, b at 01:02:03, a at 01:02:00:
     * Inputs.sortedWindow(items, Duration.ofSeconds(2), Reading::time, null)   // b, c (a is too late)
     * }</pre>
     *
     * @param items the items, read lazily
     * @param windowLength how far back in time an item may be and still be sorted in; not negative
     * @param timeGetter gives an item's time; called once per item, must not return {@code null}
     * @param onDrop called with each item dropped as too late (to log or count them), or {@code
     *     null} to drop silently
     * @param <T> the item type
     * @return the items that were not dropped, in increasing time order
     */
    public static <T> Iterable<T> sortedWindow(
            Iterable<T> items,
            Duration windowLength,
            Function<? super T, Instant> timeGetter,
            Consumer<? super T> onDrop) {
        requireItems(items);
        Objects.requireNonNull(windowLength, "windowLength must not be null");
        if (windowLength.isNegative()) {
            throw new IllegalArgumentException("windowLength must not be negative, got " + windowLength
                    + "; use Duration.ZERO for input already in time order");
        }
        Objects.requireNonNull(timeGetter, "timeGetter must not be null");
        return () -> new SortedWindowIterator<>(items.iterator(), windowLength, timeGetter, onDrop);
    }

    /**
     * The items of one bucket out of {@code count}: the items at positions {@code i} (from 0) where
     * {@code i % count == index}. Buckets are disjoint and together hold every item, so each
     * worker of an input builder can take its own share of a list of sources:
     *
     * <pre>{@code
     * Inputs.distribute(List.of("blue", "green", "red"), 0, 2)   // blue, red
     * Inputs.distribute(List.of("blue", "green", "red"), 1, 2)   // green
     * Inputs.distribute(List.of("blue", "green", "red"), 3, 5)   // nothing
     * }</pre>
     *
     * @param items the items, read lazily
     * @param index this bucket (e.g. the worker index), in {@code [0, count)}
     * @param count the number of buckets (e.g. the worker count), positive
     * @param <T> the item type
     * @return the items of bucket {@code index}, in their order
     */
    public static <T> Iterable<T> distribute(Iterable<T> items, int index, int count) {
        requireItems(items);
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index must be in [0, " + count + "): with " + count
                    + " buckets the highest index is " + (count - 1) + "; got " + index);
        }
        return () -> new DistributeIterator<>(items.iterator(), index, count);
    }

    private static void requireItems(Iterable<?> items) {
        Objects.requireNonNull(items, "items must not be null");
    }

    static <T> Instant timeOf(Function<? super T, Instant> timeGetter, T item) {
        Instant time = timeGetter.apply(item);
        if (time == null) {
            throw new NullPointerException("timeGetter returned null for the item " + item);
        }
        return time;
    }

    /** One item out for each item in. */
    private abstract static class MappingIterator<T, R> implements Iterator<R> {
        private final Iterator<T> source;

        MappingIterator(Iterator<T> source) {
            this.source = source;
        }

        abstract R map(T item);

        @Override
        public boolean hasNext() {
            return source.hasNext();
        }

        @Override
        public R next() {
            return map(source.next());
        }
    }

    private static final class DistributeIterator<T> implements Iterator<T> {
        private final Iterator<T> source;
        private final int index;
        private final int count;
        private long position;
        private boolean ready;
        private T next;

        DistributeIterator(Iterator<T> source, int index, int count) {
            this.source = source;
            this.index = index;
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            while (!ready && source.hasNext()) {
                T item = source.next();
                if (position++ % count == index) {
                    next = item;
                    ready = true;
                }
            }
            return ready;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T item = next;
            next = null;
            ready = false;
            return item;
        }
    }
}
