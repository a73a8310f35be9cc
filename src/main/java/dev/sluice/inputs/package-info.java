/**
 * Helpers that give items their epochs: the seed's {@code bytewax.inputs}.
 *
 * <p>A dataflow's input is a sequence of {@link dev.sluice.dataflow.EpochItem}s whose epochs never
 * go backwards on one worker. Most sources only have items, though; these helpers wrap an
 * {@link java.lang.Iterable} of items and choose the epochs for you:
 *
 * <ul>
 *   <li>{@link dev.sluice.inputs.Inputs#singleBatch} &mdash; everything in epoch 0 (batch jobs);
 *   <li>{@link dev.sluice.inputs.Inputs#fullyOrdered} &mdash; one epoch per item;
 *   <li>{@link dev.sluice.inputs.Inputs#tumblingEpoch} &mdash; one epoch per fixed slice of time,
 *       by event time or by ingestion time;
 *   <li>{@link dev.sluice.inputs.Inputs#sortedWindow} &mdash; not an epoch helper but its usual
 *       companion: it puts slightly out-of-order items back in time order, dropping the ones that
 *       come too late, so that {@code tumblingEpoch} never sees time go backwards;
 *   <li>{@link dev.sluice.inputs.Inputs#distribute} &mdash; splits a list of sources between
 *       workers.
 * </ul>
 *
 * <p>Every helper is lazy, like the seed's generators: it reads nothing until its result is
 * iterated, reads one item at a time, works on infinite input, and starts again from the source's
 * beginning each time its result is iterated anew.
 *
 * <pre>{@code
 * Iterable<EpochItem<Reading>> input = Inputs.tumblingEpoch(
 *         Inputs.sortedWindow(readings, Duration.ofSeconds(2), Reading::time, dropped::add),
 *         Duration.ofSeconds(10),
 *         Reading::time);
 * }</pre>
 *
 * <p>This package depends on nothing but the JDK and {@code dev.sluice.dataflow}.
 */
package dev.sluice.inputs;
