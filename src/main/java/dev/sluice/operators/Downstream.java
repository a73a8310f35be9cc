package dev.sluice.operators;

/**
 * Where a step sends what it emits: the next step, a capture, or a driver's outbox. The epoch is a
 * primitive so that passing an item along a chain allocates nothing.
 */
@FunctionalInterface
public interface Downstream {

    void accept(long epoch, Object item);
}
