package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.StateBuilderFn;
import dev.sluice.dataflow.fn.StatefulMapperFn;

/**
 * {@code stateful_map}: maps each key's values with a state, in epoch order; builds the state on a
 * key's first sight and forgets the key when the mapper returns a {@code null} state.
 */
final class StatefulMapOperator extends EpochOrderedOperator {

    private final StateBuilderFn<Object, Object> builder;
    private final StatefulMapperFn<Object, Object, Object> mapper;

    StatefulMapOperator(int stepIndex, Step.StatefulMap step, Downstream next) {
        super(stepIndex, step, next);
        this.builder = step.builder();
        this.mapper = step.mapper();
    }

    @Override
    void apply(long epoch, KeyValue<?, ?> keyValue, Object stateKey, Slot slot) {
        StateUpdate<Object, Object> update;
        try {
            if (slot == null) {
                slot = new Slot(keyValue.key(), builder.apply(keyValue.key()));
                states.put(stateKey, slot);
            }
            update = mapper.apply(slot.value, keyValue.value());
            if (update == null) {
                throw new NullPointerException("the stateful_map mapper returned null for key `" + keyValue.key()
                        + "`; return StateUpdate.of(newState, value), with a null state to forget the key");
            }
        } catch (Throwable t) {
            throw failure(t);
        }
        if (update.state() == null) {
            states.remove(stateKey);
        } else {
            slot.value = update.state();
        }
        itemsOut++;
        next.accept(epoch, KeyValue.of(slot.key, update.value()));
    }
}
