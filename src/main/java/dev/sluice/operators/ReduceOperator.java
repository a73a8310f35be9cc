package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.IsCompleteFn;
import dev.sluice.dataflow.fn.ReducerFn;

/**
 * {@code reduce}: folds each key's values in epoch order; emits and forgets the key once its
 * aggregator is complete. Aggregators still open at the end of input are dropped, as in the seed.
 */
final class ReduceOperator extends EpochOrderedOperator {

    private final ReducerFn<Object> reducer;
    private final IsCompleteFn<Object> isComplete;

    ReduceOperator(int stepIndex, Step.Reduce step, Downstream next) {
        super(stepIndex, step, next);
        this.reducer = step.reducer();
        this.isComplete = step.isComplete();
    }

    @Override
    void apply(long epoch, KeyValue<?, ?> keyValue, Object stateKey, Slot slot) {
        boolean complete;
        try {
            if (slot == null) {
                slot = new Slot(keyValue.key(), keyValue.value());
                states.put(stateKey, slot);
            } else {
                slot.value = reducer.apply(slot.value, keyValue.value());
            }
            complete = isComplete.test(slot.value);
        } catch (Throwable t) {
            throw failure(t);
        }
        if (complete) {
            states.remove(stateKey);
            itemsOut++;
            next.accept(epoch, KeyValue.of(slot.key, slot.value));
        }
    }
}
