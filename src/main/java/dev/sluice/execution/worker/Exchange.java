package dev.sluice.execution.worker;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.NotKeyValueException;
import dev.sluice.exhash.Exhash;
import dev.sluice.exhash.UnsupportedKeyException;
import dev.sluice.operators.StepErrors;
import java.io.Serializable;

/**
 * The exchange by key in front of a segment whose head {@link dev.sluice.dataflow.Step#exchanges()
 * exchanges}, as every multi-worker driver does it: an item must be a key/value pair, and its key goes
 * to the worker of its consistent hash ({@link Exhash}), the same in every JVM. A failure names the
 * keyed step the item was meant for. Serializable, for a Jet partitioner that holds one.
 *
 * @param stepIndex the keyed step's index
 * @param operator the keyed step's operator
 */
public record Exchange(int stepIndex, String operator) implements Serializable {

    /** The exchange in front of {@code next}, a segment with a keyed head. */
    public static Exchange before(Segment next) {
        return new Exchange(next.firstIndex(), next.head().operator());
    }

    /**
     * The item, checked to be a key/value pair.
     *
     * @throws NotKeyValueException when it is not, with the step attached
     */
    public KeyValue<?, ?> pair(Object item) {
        if (item instanceof KeyValue<?, ?> pair) {
            return pair;
        }
        throw StepErrors.attach(new NotKeyValueException(stepIndex, operator, item), stepIndex, operator);
    }

    /**
     * Which of {@code workers} owns {@code key}.
     *
     * @throws UnsupportedKeyException when the key cannot be hashed, with the step attached
     */
    public int owner(Object key, int workers) {
        try {
            return Exhash.partition(key, workers);
        } catch (UnsupportedKeyException e) {
            throw StepErrors.attach(e, stepIndex, operator);
        }
    }
}
