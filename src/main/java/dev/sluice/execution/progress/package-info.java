/**
 * Progress in timely dataflow's terms: how a worker knows which epochs are complete.
 *
 * <h2>The model</h2>
 * Every item carries an epoch, and a worker's input never goes back in epoch. At any moment some
 * epochs are <em>complete</em> (no item of that epoch, or of an earlier one, can still arrive) and the
 * others are <em>open</em>. Epochs are totally ordered, so what is open is always "this epoch and
 * every later one": the {@link dev.sluice.execution.progress.Frontier frontier} is that lowest open
 * epoch, and once the input has ended it is <em>empty</em>, which means done. A frontier only moves
 * forward.
 *
 * <p>A {@link dev.sluice.execution.progress.Probe probe} is the read-only side of a frontier, asked
 * about one epoch {@code t}:
 * <ul>
 *   <li>{@code lessThan(t)}: an epoch before {@code t} is still open. When it is false, everything
 *       before {@code t} is complete, so a value of epoch {@code t} can be applied in epoch order at
 *       once ({@code reduce}, {@code stateful_map}).</li>
 *   <li>{@code lessEqual(t)}: {@code t} itself (or an earlier epoch) is still open. When it is false,
 *       {@code t} is complete, so its aggregates can be emitted ({@code reduce_epoch}).</li>
 *   <li>{@code done()}: the frontier is empty; every epoch is complete and nothing more will arrive.</li>
 * </ul>
 *
 * <h2>A worked example</h2>
 * One worker reads {@code (0, "a") (0, "b") (2, "c")}, then its input ends:
 * <pre>
 *  after                 frontier   lessThan(2)  lessEqual(2)  done()
 *  the start             {0}        true         true          false   nothing is complete
 *  (0, "a"), (0, "b")    {0}        true         true          false   epoch 0 is still open
 *  (2, "c")              {2}        false        true          false   epochs 0 and 1 complete:
 *                                                                      reduce_epoch emits epoch 0
 *  the end of input      {}         false        false         true    every epoch is complete:
 *                                                                      epoch 2 is emitted too
 * </pre>
 * The item of epoch 2 advances the frontier before it goes in ({@code advanceTo(2)}), so that
 * {@code reduce_epoch} emits epoch 0 first; epoch 1 never had an item, and completes all the same.
 *
 * <h2>Who moves a frontier</h2>
 * Timely's loop is "send input, advance the input's frontier, step the workers while the probe is
 * behind". Here each worker's chain of operators ({@code dev.sluice.execution.worker.WorkerChain})
 * owns one frontier: the local driver advances it to the epoch of each new input item (one worker, so
 * the input's epoch is everyone's), and a Jet processor advances it to each watermark, which Jet has
 * already coalesced over every upstream worker of every member. Either way the chain tells its keyed
 * operators in flow order before the call returns, so there is no "while the probe is behind": when
 * {@code advanceTo} returns, everything the new frontier completes has been emitted.
 */
package dev.sluice.execution.progress;
