package dev.sluice.inputs;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The seed's {@code sorted_window} generator as a state machine. {@link #hasNext} reads source
 * items until the heap's oldest item may be released: while input remains, once it is no newer
 * than {@code dropOlderThan}; after the input ends, always. Every item in the heap is newer than
 * {@code dropOlderThan} except right after a newer item moved it forward, so this releases the
 * same items at the same points as the seed's drain after each new newest item.
 */
final class SortedWindowIterator<T> implements Iterator<T> {
    private final Iterator<T> source;
    private final Duration windowLength;
    private final Function<? super T, Instant> timeGetter;
    private final Consumer<? super T> onDrop;
    private final TimeHeap<T> buffer = new TimeHeap<>();
    /** The newest time kept so far; null until the first item. */
    private Instant newestTime;
    /** {@code newestTime - windowLength}: items no newer than this are late. */
    private Instant dropOlderThan;

    private boolean sourceDone;

    SortedWindowIterator(
            Iterator<T> source,
            Duration windowLength,
            Function<? super T, Instant> timeGetter,
            Consumer<? super T> onDrop) {
        this.source = source;
        this.windowLength = windowLength;
        this.timeGetter = timeGetter;
        this.onDrop = onDrop;
    }

    @Override
    public boolean hasNext() {
        while (true) {
            if (!buffer.isEmpty()) {
                Instant releaseUpTo = sourceDone ? newestTime : dropOlderThan;
                if (!buffer.peekTime().isAfter(releaseUpTo)) {
                    return true;
                }
            }
            if (sourceDone) {
                return false;
            }
            if (!source.hasNext()) {
                sourceDone = true;
                continue;
            }
            read(source.next());
        }
    }

    private void read(T item) {
        Instant time = Inputs.timeOf(timeGetter, item);
        if (dropOlderThan != null && !time.isAfter(dropOlderThan)) {
            if (onDrop != null) {
                onDrop.accept(item);
            }
            return;
        }
        buffer.push(time, item);
        if (newestTime == null || time.isAfter(newestTime)) {
            newestTime = time;
            dropOlderThan = time.minus(windowLength);
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return buffer.pop();
    }
}
