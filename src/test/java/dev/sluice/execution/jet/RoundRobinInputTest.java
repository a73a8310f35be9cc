package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A finite input split round-robin, as it travels inside a job's DAG. */
class RoundRobinInputTest {

    @Test
    void eachWorkerTakesEveryNthPairAndSoAfterJavaSerialization() throws Exception {
        List<EpochItem<Object>> pairs = List.of(
                EpochItem.of(0, "a"),
                EpochItem.of(0, KeyValue.of("k", 1)),
                EpochItem.of(1, null),
                EpochItem.of(2, List.of(1, 2)),
                EpochItem.of(EpochItem.MAX_EPOCH, "z"));
        RoundRobinInput<Object> input = RoundRobinInput.of(pairs);

        RoundRobinInput<Object> travelled = roundTrip(input);

        for (RoundRobinInput<Object> each : List.of(input, travelled)) {
            assertThat(each.size()).isEqualTo(5);
            assertThat(each.build(0, 2)).containsExactly(pairs.get(0), pairs.get(2), pairs.get(4));
            assertThat(each.build(1, 2)).containsExactly(pairs.get(1), pairs.get(3));
        }
    }

    /** What one member receives: its workers' pairs only, each worker's as the whole input gives it. */
    @Test
    void aProcessShareHoldsItsWorkersPairsOnlyAndSurvivesJavaSerialization() throws Exception {
        List<EpochItem<Object>> pairs = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            pairs.add(EpochItem.of(i / 5, "p" + i));
        }
        RoundRobinInput<Object> input = RoundRobinInput.of(pairs);

        var share = roundTrip(input.share(2, 2, 6));

        assertThat(share.build(2, 6)).containsExactlyElementsOf(input.build(2, 6));
        assertThat(share.build(3, 6)).containsExactlyElementsOf(input.build(3, 6));
        assertThatThrownBy(() -> share.build(4, 6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds workers 2..3 of 6, not worker 4 of 6");
        assertThatThrownBy(() -> share.build(2, 4)).isInstanceOf(IllegalStateException.class);
    }

    /** A run started on a member that runs it alone: Jet's serialization carries a key, not the input. */
    @Test
    void anInputHeldInThisJvmTravelsAsItsKeyAndIsReadFromWhereItIsHeld() throws Exception {
        List<EpochItem<Object>> pairs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            pairs.add(EpochItem.of(i / 100, "item number " + i));
        }
        RoundRobinInput<Object> input = RoundRobinInput.of(pairs);
        int carried = serializedSize(input);
        String key = "test-" + System.nanoTime();
        RoundRobinInput<Object> held = input.inThisJvm(key);
        try {
            assertThat(serializedSize(held)).isLessThan(carried / 100);
            RoundRobinInput<Object> travelled = roundTrip(held);
            assertThat(travelled.build(1, 3)).containsExactlyElementsOf(input.build(1, 3));
            // one process with every worker: its share is the held input, which travels as its key too
            var whole = held.share(0, 3, 3);
            assertThat(serializedSize(whole)).isLessThan(carried / 100);
            assertThat(roundTrip(whole).build(2, 3)).containsExactlyElementsOf(input.build(2, 3));
            // several processes: each share carries its workers' pairs, for a member in another JVM
            var share = held.share(2, 2, 6);
            assertThat(serializedSize(share)).isGreaterThan(carried / 4);
            assertThat(roundTrip(share).build(3, 6)).containsExactlyElementsOf(input.build(3, 6));
        } finally {
            RunInputs.close(key);
        }
        byte[] afterTheRun = serialized(held);
        assertThatThrownBy(() -> deserialized(afterTheRun))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the run's input " + key + " is not held in this JVM");
    }

    @Test
    void aNullPairIsRefusedNamingItsIndex() {
        assertThatThrownBy(() -> RoundRobinInput.of(Arrays.asList(EpochItem.of(0, "a"), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("input pair 1 is null");
    }

    private static <T> T roundTrip(T object) throws Exception {
        return deserialized(serialized(object));
    }

    private static int serializedSize(Object object) throws Exception {
        return serialized(object).length;
    }

    private static byte[] serialized(Object object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deserialized(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (T) in.readObject();
        }
    }
}
