package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.IsCompleteFn;
import dev.sluice.dataflow.fn.ReducerFn;
import java.util.HashMap;

/**
 * {@code reduce}: folds each key's values in epoch order; emits and forgets the key once its
 * aggregator is complete. Aggregators still open at the end of input are dropped, as in the seed.
 */
final class ReduceOperator extends EpochOrderedOperator {

    private final ReducerFn<Object> reducer;
    private final IsCompleteFn<Object> isComplete;
    private final HashMap<Object, Slot> aggregators = new HashMap<>();

    ReduceOperator(int stepIndex, Step.Reduce step, Downstream next) {
        super(stepIndex, step, next);
        this.reducer = step.reducer();
        this.isComplete = step.isComplete();
    }

    @Override
    void apply(long epoch, KeyValue<?, ?> keyValue) {
        Object stateKey = stateKey(keyValue.key());
        Slot slot = aggregators.get(stateKey);
        boolean complete;
        try {
            if (slot == null) {
                slot = new Slot(keyValue.key(), keyValue.value());
                aggregators.put(stateKey, slot);
            } else {
                slot.value = reducer.apply(slot.value, keyValue.value());
            }
            complete = isComplete.test(slot.value);
        } catch (Throwable t) {
            throw StepErrors.attach(t, stepIndex, operator);
        }
        if (complete) {
            aggregators.remove(stateKey);
            next.accept(epoch, KeyValue.of(slot.key, slot.value));
        }
    }

    @Override
    HashMap<Object, Slot> states() {
        return aggregators;
    }

    @Override
    public int keyCount() {
        return aggregators.size();
    }
}
