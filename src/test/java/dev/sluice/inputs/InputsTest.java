package dev.sluice.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.EpochItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InputsTest {

    /** The seed's test items: a dict with a timestamp and a value. */
    record Reading(Instant time, String value) {
        @Override
        public String toString() {
            return value + "@" + time;
        }
    }

    private static final Instant BASE = Instant.parse("2022-02-22T01:02:00Z");

    /** A reading at 2022-02-22 01:02:{second}. */
    private static Reading at(int second, String value) {
        return new Reading(BASE.plusSeconds(second), value);
    }

    private static <T> List<T> toList(Iterable<T> iterable) {
        List<T> out = new ArrayList<>();
        iterable.forEach(out::add);
        return out;
    }

    private static <T> List<T> take(Iterable<T> iterable, int count) {
        List<T> out = new ArrayList<>();
        Iterator<T> it = iterable.iterator();
        while (out.size() < count && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    private static List<String> values(Iterable<Reading> readings) {
        return toList(readings).stream().map(Reading::value).collect(Collectors.toList());
    }

    private static List<Long> epochs(Iterable<? extends EpochItem<?>> items) {
        List<Long> out = new ArrayList<>();
        items.forEach(item -> out.add(item.epoch()));
        return out;
    }

    /** An infinite source 0, 1, 2, ... that counts how often it is iterated and how much is read. */
    static final class CountingNaturals implements Iterable<Integer> {
        final AtomicInteger iterations = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Iterator<Integer> iterator() {
            iterations.incrementAndGet();
            Iterator<Integer> naturals = Stream.iterate(0, i -> i + 1).iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public Integer next() {
                    reads.incrementAndGet();
                    return naturals.next();
                }
            };
        }
    }

    /** A clock the test moves by hand, instead of sleeping. */
    static final class HandClock extends Clock {
        private Instant now;

        HandClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Nested
    class SingleBatch {

        @Test
        void testSingleBatch() {
            // given
            List<String> items = List.of("a", "b", "c");

            // when
            List<EpochItem<String>> out = toList(Inputs.singleBatch(items));

            // then
            assertThat(out).containsExactly(EpochItem.of(0, "a"), EpochItem.of(0, "b"), EpochItem.of(0, "c"));
        }

        @Test
        void emptyInputGivesNothing() {
            assertThat(Inputs.singleBatch(List.of())).isEmpty();
        }

        @Test
        void readsNothingUntilIteratedAndThenOnlyWhatIsTaken() {
            // given
            CountingNaturals naturals = new CountingNaturals();

            // when
            Iterable<EpochItem<Integer>> batch = Inputs.singleBatch(naturals);

            // then
            assertThat(naturals.iterations).hasValue(0);
            assertThat(take(batch, 3)).containsExactly(EpochItem.of(0, 0), EpochItem.of(0, 1), EpochItem.of(0, 2));
            assertThat(naturals.reads).hasValue(3);
        }
    }

    @Nested
    class FullyOrdered {

        @Test
        void testFullyOrdered() {
            // given
            List<String> items = List.of("a", "b", "c");

            // when
            List<EpochItem<String>> out = toList(Inputs.fullyOrdered(items));

            // then
            assertThat(out).containsExactly(EpochItem.of(0, "a"), EpochItem.of(1, "b"), EpochItem.of(2, "c"));
        }

        @Test
        void reiteratingStartsAgainFromEpochZero() {
            // given
            Iterable<EpochItem<String>> ordered = Inputs.fullyOrdered(List.of("a", "b"));

            // when
            List<EpochItem<String>> first = toList(ordered);
            List<EpochItem<String>> second = toList(ordered);

            // then
            assertThat(second).isEqualTo(first).containsExactly(EpochItem.of(0, "a"), EpochItem.of(1, "b"));
        }

        @Test
        void worksOnInfiniteInput() {
            // given
            CountingNaturals naturals = new CountingNaturals();

            // when
            List<EpochItem<Integer>> firstFour = take(Inputs.fullyOrdered(naturals), 4);

            // then
            assertThat(firstFour)
                    .containsExactly(EpochItem.of(0, 0), EpochItem.of(1, 1), EpochItem.of(2, 2), EpochItem.of(3, 3));
            assertThat(naturals.reads).hasValue(4);
        }
    }

    @Nested
    class TumblingEpoch {

        @Test
        void testTumblingEpoch() {
            // given
            List<Reading> items = List.of(at(3, "a"), at(4, "b"), at(8, "c"));

            // when
            List<EpochItem<Reading>> out = toList(Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time));

            // then
            assertThat(out)
                    .containsExactly(
                            EpochItem.of(0, items.get(0)),
                            EpochItem.of(0, items.get(1)),
                            EpochItem.of(2, items.get(2)));
        }

        @Test
        void ingestionTimeDocExampleReadsTheClockWhenEachItemIsRead() {
            // given "a" (sleep 4) "b" (sleep 1) "c", with the sleeps done on a hand-driven clock
            HandClock clock = new HandClock(BASE);
            Iterator<EpochItem<String>> it = Inputs.tumblingEpoch(List.of("a", "b", "c"), Duration.ofSeconds(2), clock)
                    .iterator();

            // when
            EpochItem<String> a = it.next();
            clock.advance(Duration.ofSeconds(4));
            EpochItem<String> b = it.next();
            clock.advance(Duration.ofSeconds(1));
            EpochItem<String> c = it.next();

            // then
            assertThat(List.of(a, b, c))
                    .containsExactly(EpochItem.of(0, "a"), EpochItem.of(2, "b"), EpochItem.of(2, "c"));
            assertThat(it.hasNext()).isFalse();
        }

        @Test
        void ingestionTimeWithTheSystemClockPutsQuicklyReadItemsInEpochZero() {
            // given an epoch far longer than this test takes
            Iterable<EpochItem<String>> out = Inputs.tumblingEpoch(List.of("a", "b"), Duration.ofDays(1));

            // when / then
            assertThat(epochs(out)).containsExactly(0L, 0L);
        }

        @Test
        void epochStartOffsetsEveryEpoch() {
            // given
            List<Reading> items = List.of(at(3, "a"), at(4, "b"), at(8, "c"));

            // when
            Iterable<EpochItem<Reading>> out =
                    Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time, null, 10);

            // then
            assertThat(epochs(out)).containsExactly(10L, 10L, 12L);
        }

        @Test
        void explicitStartTimeAlignsEpochsInsteadOfTheFirstItem() {
            // given epochs aligned to 01:02:00, so the first item at :03 is already in epoch 1
            List<Reading> items = List.of(at(3, "a"), at(4, "b"), at(8, "c"));

            // when
            Iterable<EpochItem<Reading>> out =
                    Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time, BASE, 0);

            // then
            assertThat(epochs(out)).containsExactly(1L, 2L, 4L);
        }

        @Test
        void anItemLessThanOneEpochBeforeTheStartTruncatesToTheStartEpoch() {
            // given: (1.5 - 3) / 2 = -0.75, which Python's int() truncates to 0
            List<Reading> items = List.of(at(3, "a"), new Reading(BASE.plusMillis(1_500), "b"));

            // when
            Iterable<EpochItem<Reading>> out = Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time);

            // then
            assertThat(epochs(out)).containsExactly(0L, 0L);
        }

        @Test
        void anItemWhoseEpochWouldBeNegativeIsAnErrorNamingItsTimeAndTheStart() {
            // given: (0 - 3) / 2 = -1.5, truncated to -1
            List<Reading> items = List.of(at(3, "a"), at(0, "b"));
            Iterator<EpochItem<Reading>> it = Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time)
                    .iterator();
            it.next();

            // when / then
            assertThatThrownBy(it::next)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2022-02-22T01:02:00Z")
                    .hasMessageContaining("2022-02-22T01:02:03Z")
                    .hasMessageContaining("-1");
        }

        @Test
        void aLargeEnoughEpochStartKeepsEarlierItemsNonNegative() {
            // given
            List<Reading> items = List.of(at(3, "a"), at(0, "b"));

            // when
            Iterable<EpochItem<Reading>> out =
                    Inputs.tumblingEpoch(items, Duration.ofSeconds(2), Reading::time, null, 1);

            // then
            assertThat(epochs(out)).containsExactly(1L, 0L);
        }

        @Test
        void subSecondLengthsDivideExactly() {
            // given
            List<Reading> items = List.of(at(3, "b"), at(4, "c"));

            // when
            Iterable<EpochItem<Reading>> out = Inputs.tumblingEpoch(items, Duration.ofMillis(500), Reading::time);

            // then
            assertThat(epochs(out)).containsExactly(0L, 2L);
        }

        @Test
        void reiteratingTakesTheStartTimeFromTheFirstItemAgain() {
            // given a source whose items move on in time every time it is iterated
            AtomicInteger round = new AtomicInteger();
            Iterable<Reading> shifting = () -> {
                int offset = 100 * round.getAndIncrement();
                return List.of(at(offset + 3, "a"), at(offset + 8, "b")).iterator();
            };
            Iterable<EpochItem<Reading>> out = Inputs.tumblingEpoch(shifting, Duration.ofSeconds(2), Reading::time);

            // when
            List<Long> first = epochs(out);
            List<Long> second = epochs(out);

            // then
            assertThat(first).containsExactly(0L, 2L);
            assertThat(second).isEqualTo(first);
        }

        @Test
        void readsNothingUntilIteratedAndWorksOnInfiniteInput() {
            // given the n-th item at n seconds
            CountingNaturals naturals = new CountingNaturals();
            Iterable<EpochItem<Integer>> out =
                    Inputs.tumblingEpoch(naturals, Duration.ofSeconds(2), n -> BASE.plusSeconds(n));
            assertThat(naturals.iterations).hasValue(0);

            // when
            List<EpochItem<Integer>> firstFive = take(out, 5);

            // then
            assertThat(firstFive).extracting(EpochItem::epoch).containsExactly(0L, 0L, 1L, 1L, 2L);
            assertThat(naturals.reads).hasValue(5);
        }

        @Test
        void emptyInputGivesNothing() {
            assertThat(Inputs.tumblingEpoch(List.<Reading>of(), Duration.ofSeconds(1), Reading::time))
                    .isEmpty();
        }

        @Test
        void rejectsBadArgumentsAtOnce() {
            List<Reading> items = List.of();
            assertThatThrownBy(() -> Inputs.tumblingEpoch(null, Duration.ofSeconds(1), Reading::time))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("items must not be null");
            assertThatThrownBy(() -> Inputs.tumblingEpoch(items, null, Reading::time))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("epochLength must not be null");
            assertThatThrownBy(() -> Inputs.tumblingEpoch(items, Duration.ZERO, Reading::time))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("epochLength must be positive, got PT0S");
            assertThatThrownBy(() -> Inputs.tumblingEpoch(items, Duration.ofSeconds(-1), Reading::time))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT-1S");
            assertThatThrownBy(
                            () -> Inputs.tumblingEpoch(items, Duration.ofSeconds(1), (Function<Reading, Instant>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("timeGetter must not be null");
            assertThatThrownBy(() -> Inputs.tumblingEpoch(items, Duration.ofSeconds(1), (Clock) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("clock must not be null");
            assertThatThrownBy(() -> Inputs.tumblingEpoch(items, Duration.ofSeconds(1), Reading::time, null, -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("epochStart must be non-negative");
        }

        @Test
        void aTimeGetterReturningNullIsAnErrorNamingTheItem() {
            Iterable<EpochItem<String>> out = Inputs.tumblingEpoch(List.of("x"), Duration.ofSeconds(1), item -> null);
            assertThatThrownBy(() -> toList(out))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeGetter returned null for the item x");
        }
    }

    @Nested
    class SortedWindow {

        @Test
        void testSortedWindow() {
            // given
            List<Reading> items =
                    List.of(at(4, "b"), at(5, "c"), at(6, "d"), at(3, "a"), at(6, "d"), at(8, "f"), at(7, "e"));
            List<Reading> dropped = new ArrayList<>();

            // when
            List<Reading> out = toList(Inputs.sortedWindow(items, Duration.ofSeconds(2), Reading::time, dropped::add));

            // then
            assertThat(out).containsExactly(at(4, "b"), at(5, "c"), at(6, "d"), at(6, "d"), at(7, "e"), at(8, "f"));
            assertThat(dropped).containsExactly(at(3, "a"));
        }

        @Test
        void docExampleDropsTheItemOlderThanTheWindow() {
            // given
            List<Reading> items = List.of(at(4, "c"), at(3, "b"), at(0, "a"));

            // when
            List<Reading> sorted = toList(Inputs.sortedWindow(items, Duration.ofSeconds(2), Reading::time, null));

            // then
            assertThat(sorted).containsExactly(at(3, "b"), at(4, "c"));
        }

        @Test
        void docExampleThenTumblingEpochGivesOrderedBucketedInput() {
            // given
            List<Reading> items = List.of(at(4, "c"), at(3, "b"), at(0, "a"));
            Iterable<Reading> sorted = Inputs.sortedWindow(items, Duration.ofSeconds(2), Reading::time, null);

            // when
            List<EpochItem<Reading>> out = toList(Inputs.tumblingEpoch(sorted, Duration.ofMillis(500), Reading::time));

            // then
            assertThat(out).extracting(e -> e.epoch() + ":" + e.item().value()).containsExactly("0:b", "2:c");
        }

        @Test
        void equalTimesComeOutInHeapqOrder() {
            // given ten items all at the same time; expected order computed with CPython's heapq
            List<Reading> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                items.add(at(0, "x" + i));
            }

            // when
            List<String> out = values(Inputs.sortedWindow(items, Duration.ofSeconds(5), Reading::time, null));

            // then
            assertThat(out).containsExactly("x0", "x2", "x6", "x9", "x8", "x5", "x7", "x4", "x1", "x3");
        }

        @Test
        void mixedTiesComeOutInHeapqOrder() {
            // given; expected order computed by running the seed's sorted_window in CPython
            int[] seconds = {3, 1, 3, 2, 1, 3, 2, 2, 1, 3, 1, 2};
            List<Reading> items = labelled(seconds);

            // when
            List<String> out = values(Inputs.sortedWindow(items, Duration.ofSeconds(10), Reading::time, null));

            // then
            assertThat(out).containsExactly("b1", "e1", "k1", "i1", "g2", "l2", "d2", "h2", "c3", "f3", "j3", "a3");
        }

        @Test
        void tiesReleasedWhileReadingAndDropsMatchTheSeed() {
            // given; expected output computed by running the seed's sorted_window in CPython
            int[] seconds = {5, 5, 4, 6, 5, 6, 3, 7, 6, 6, 8, 7, 7, 9, 5};
            List<Reading> items = labelled(seconds);
            List<String> dropped = new ArrayList<>();

            // when
            List<String> out = values(
                    Inputs.sortedWindow(items, Duration.ofSeconds(2), Reading::time, r -> dropped.add(r.value())));

            // then
            assertThat(out)
                    .containsExactly("c4", "a5", "b5", "e5", "d6", "f6", "j6", "i6", "h7", "l7", "m7", "k8", "n9");
            assertThat(dropped).containsExactly("g3", "o5");
        }

        @Test
        void aZeroWindowPassesOrderedInputThroughAndDropsAnythingNotNewer() {
            // given
            List<Reading> items = List.of(at(1, "a"), at(2, "b"), at(2, "late"), at(3, "c"));
            List<String> dropped = new ArrayList<>();

            // when
            List<String> out =
                    values(Inputs.sortedWindow(items, Duration.ZERO, Reading::time, r -> dropped.add(r.value())));

            // then
            assertThat(out).containsExactly("a", "b", "c");
            assertThat(dropped).containsExactly("late");
        }

        @Test
        void releasesItemsAsSoonAsTheWindowHasPassedOnInfiniteInput() {
            // given the n-th item at n seconds, a 2 s window
            CountingNaturals naturals = new CountingNaturals();
            Iterable<Integer> sorted =
                    Inputs.sortedWindow(naturals, Duration.ofSeconds(2), n -> BASE.plusSeconds(n), null);
            assertThat(naturals.iterations).hasValue(0);

            // when
            List<Integer> firstFive = take(sorted, 5);

            // then item 4 is released by reading item 6, and no more is read
            assertThat(firstFive).containsExactly(0, 1, 2, 3, 4);
            assertThat(naturals.reads).hasValue(7);
        }

        @Test
        void reiteratingSortsTheSourceAgainFromScratch() {
            // given
            List<Reading> items = List.of(at(4, "c"), at(3, "b"), at(0, "a"));
            List<Reading> dropped = new ArrayList<>();
            Iterable<Reading> sorted = Inputs.sortedWindow(items, Duration.ofSeconds(2), Reading::time, dropped::add);

            // when
            List<Reading> first = toList(sorted);
            List<Reading> second = toList(sorted);

            // then
            assertThat(second).isEqualTo(first).containsExactly(at(3, "b"), at(4, "c"));
            assertThat(dropped).containsExactly(at(0, "a"), at(0, "a"));
        }

        @Test
        void emptyInputGivesNothingAndNextThrows() {
            Iterator<Reading> it = Inputs.sortedWindow(List.<Reading>of(), Duration.ofSeconds(1), Reading::time, null)
                    .iterator();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        }

        @Test
        void rejectsBadArgumentsAtOnce() {
            List<Reading> items = List.of();
            assertThatThrownBy(() -> Inputs.sortedWindow(null, Duration.ZERO, Reading::time, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("items must not be null");
            assertThatThrownBy(() -> Inputs.sortedWindow(items, null, Reading::time, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("windowLength must not be null");
            assertThatThrownBy(() -> Inputs.sortedWindow(items, Duration.ofSeconds(-2), Reading::time, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("windowLength must not be negative, got PT-2S");
            assertThatThrownBy(() -> Inputs.sortedWindow(items, Duration.ZERO, null, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeGetter must not be null");
        }

        private List<Reading> labelled(int[] seconds) {
            List<Reading> items = new ArrayList<>();
            for (int i = 0; i < seconds.length; i++) {
                items.add(at(seconds[i], (char) ('a' + i) + Integer.toString(seconds[i])));
            }
            return items;
        }
    }

    @Nested
    class Distribute {

        @Test
        void testDistribute() {
            // given
            List<String> colours = List.of("blue", "green", "red");

            // when / then
            assertThat(Inputs.distribute(colours, 0, 2)).containsExactly("blue", "red");
            assertThat(Inputs.distribute(colours, 1, 2)).containsExactly("green");
            assertThat(Inputs.distribute(colours, 3, 5)).isEmpty();
        }

        @Test
        void bucketsAreDisjointAndCoverEveryItem() {
            // given
            List<Integer> items = Stream.iterate(0, i -> i + 1).limit(100).collect(Collectors.toList());

            // when
            List<Integer> all = new ArrayList<>();
            for (int index = 0; index < 7; index++) {
                all.addAll(toList(Inputs.distribute(items, index, 7)));
            }

            // then
            assertThat(all).hasSize(100).containsExactlyInAnyOrderElementsOf(items);
        }

        @Test
        void worksOnInfiniteInput() {
            CountingNaturals naturals = new CountingNaturals();
            assertThat(take(Inputs.distribute(naturals, 2, 3), 3)).containsExactly(2, 5, 8);
            assertThat(naturals.reads).hasValue(9);
        }

        @Test
        void rejectsAnIndexOutsideTheBuckets() {
            List<String> items = List.of("a");
            assertThatThrownBy(() -> Inputs.distribute(items, 2, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("index must be in [0, 2): with 2 buckets the highest index is 1; got 2");
            assertThatThrownBy(() -> Inputs.distribute(items, -1, 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got -1");
            assertThatThrownBy(() -> Inputs.distribute(items, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("count must be positive, got 0");
            assertThatThrownBy(() -> Inputs.distribute(null, 0, 1))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("items must not be null");
        }
    }
}
