package dev.sluice.dataflow;

/**
 * What a {@link dev.sluice.dataflow.fn.StatefulMapperFn} returns: the key's new state and the value to
 * emit (the seed's {@code (updated_state, updated_value)} tuple).
 *
 * <p>A {@code null} state forgets the key: the next value for it starts from the builder again.
 *
 * @param state the new state, or {@code null} to forget the key
 * @param value the value to emit as {@code (key, value)}
 * @param <S> the state type
 * @param <R> the emitted value type
 */
public record StateUpdate<S, R>(S state, R value) {

    /** Shorthand for {@code new StateUpdate<>(state, value)}. */
    public static <S, R> StateUpdate<S, R> of(S state, R value) {
        return new StateUpdate<>(state, value);
    }
}
