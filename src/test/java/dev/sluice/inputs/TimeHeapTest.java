package dev.sluice.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeHeapTest {

    private static Instant t(long second) {
        return Instant.ofEpochSecond(second);
    }

    @Test
    void interleavedPushesAndPopsMatchCpythonHeapq() {
        // given the same operations run through CPython's heapq with items compared by time only,
        // which popped: b g d e c h a f
        TimeHeap<String> heap = new TimeHeap<>();
        List<String> popped = new ArrayList<>();

        // when
        heap.push(t(2), "a");
        heap.push(t(1), "b");
        heap.push(t(2), "c");
        heap.push(t(1), "d");
        popped.add(heap.pop());
        heap.push(t(1), "e");
        heap.push(t(2), "f");
        heap.push(t(0), "g");
        popped.add(heap.pop());
        popped.add(heap.pop());
        heap.push(t(2), "h");
        while (!heap.isEmpty()) {
            popped.add(heap.pop());
        }

        // then
        assertThat(popped).containsExactly("b", "g", "d", "e", "c", "h", "a", "f");
    }

    @Test
    void popsInNonDecreasingTimeOrderPastTheInitialCapacity() {
        // given
        TimeHeap<Long> heap = new TimeHeap<>();
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            long second = random.nextInt(100);
            heap.push(t(second), second);
        }

        // when
        List<Long> popped = new ArrayList<>();
        while (!heap.isEmpty()) {
            Instant top = heap.peekTime();
            long item = heap.pop();
            assertThat(t(item)).isEqualTo(top);
            popped.add(item);
        }

        // then
        assertThat(popped).hasSize(1_000).isSorted();
    }

    @Test
    void anEmptyHeapRefusesToPopOrPeek() {
        TimeHeap<String> heap = new TimeHeap<>();
        assertThatThrownBy(heap::pop).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(heap::peekTime).isInstanceOf(NoSuchElementException.class);
    }
}
