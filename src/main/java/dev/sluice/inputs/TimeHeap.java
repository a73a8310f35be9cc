package dev.sluice.inputs;

import java.time.Instant;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A binary min-heap of items ordered by time alone, operated exactly like CPython's {@code heapq}
 * ({@code heappush} = append + {@code _siftdown}; {@code heappop} = take the last element, put it
 * at the root, {@code _siftup}).
 *
 * <p>Why not {@link java.util.PriorityQueue}: a binary heap is not stable, so items with equal
 * times come out in an order that depends on the exact sift algorithm. Copying {@code heapq}'s
 * algorithm step for step makes {@link Inputs#sortedWindow} give the seed's order for ties too.
 * Only {@code <} on times is used, as the seed's {@code _HeapItem.__lt__} does.
 *
 * <p>Times and items live in two parallel arrays so that a push allocates nothing once the arrays
 * are large enough.
 *
 * @param <T> the item type
 */
final class TimeHeap<T> {

    private Instant[] times = new Instant[16];
    private Object[] items = new Object[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The smallest time in the heap; the heap must not be empty. */
    Instant peekTime() {
        if (size == 0) {
            throw new NoSuchElementException("the heap is empty");
        }
        return times[0];
    }

    /** {@code heapq.heappush}: append, then sift the new element towards the root. */
    void push(Instant time, T item) {
        if (size == times.length) {
            int capacity = times.length * 2;
            times = Arrays.copyOf(times, capacity);
            items = Arrays.copyOf(items, capacity);
        }
        times[size] = time;
        items[size] = item;
        size++;
        siftDown(0, size - 1);
    }

    /** {@code heapq.heappop}: remove and return the item at the root. */
    @SuppressWarnings("unchecked")
    T pop() {
        if (size == 0) {
            throw new NoSuchElementException("the heap is empty");
        }
        size--;
        Instant lastTime = times[size];
        Object lastItem = items[size];
        times[size] = null;
        items[size] = null;
        if (size == 0) {
            return (T) lastItem;
        }
        Object result = items[0];
        times[0] = lastTime;
        items[0] = lastItem;
        siftUp(0);
        return (T) result;
    }

    /** CPython's {@code _siftdown(heap, startpos, pos)}: move the element at pos up to its place. */
    private void siftDown(int startPos, int pos) {
        Instant newTime = times[pos];
        Object newItem = items[pos];
        while (pos > startPos) {
            int parentPos = (pos - 1) >>> 1;
            if (newTime.compareTo(times[parentPos]) < 0) {
                times[pos] = times[parentPos];
                items[pos] = items[parentPos];
                pos = parentPos;
                continue;
            }
            break;
        }
        times[pos] = newTime;
        items[pos] = newItem;
    }

    /**
     * CPython's {@code _siftup(heap, pos)}: walk the hole down to a leaf along the smaller children
     * (the right child unless the left is strictly smaller), then sift the element back up.
     */
    private void siftUp(int pos) {
        int endPos = size;
        int startPos = pos;
        Instant newTime = times[pos];
        Object newItem = items[pos];
        int childPos = 2 * pos + 1;
        while (childPos < endPos) {
            int rightPos = childPos + 1;
            if (rightPos < endPos && !(times[childPos].compareTo(times[rightPos]) < 0)) {
                childPos = rightPos;
            }
            times[pos] = times[childPos];
            items[pos] = items[childPos];
            pos = childPos;
            childPos = 2 * pos + 1;
        }
        times[pos] = newTime;
        items[pos] = newItem;
        siftDown(startPos, pos);
    }
}
