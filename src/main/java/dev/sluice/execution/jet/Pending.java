package dev.sluice.execution.jet;

import java.util.Arrays;

/**
 * What a processor emitted that the outbox has not taken yet, in order, with the outbox ordinal of
 * each: a growable ring of items and ordinals, so that buffering allocates nothing per item.
 */
final class Pending {

    private Object[] items = new Object[64];
    private int[] ordinals = new int[64];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    void add(int ordinal, Object item) {
        if (size == items.length) {
            grow();
        }
        int tail = (head + size) & (items.length - 1);
        items[tail] = item;
        ordinals[tail] = ordinal;
        size++;
    }

    int peekOrdinal() {
        return ordinals[head];
    }

    Object peekItem() {
        return items[head];
    }

    void remove() {
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
    }

    private void grow() {
        Object[] newItems = new Object[items.length * 2];
        int[] newOrdinals = new int[items.length * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (items.length - 1);
            newItems[i] = items[from];
            newOrdinals[i] = ordinals[from];
        }
        Arrays.fill(items, null);
        items = newItems;
        ordinals = newOrdinals;
        head = 0;
    }
}
