/**
 * What every driver builds for one worker: a flow cut into {@link dev.sluice.execution.worker.Segment
 * segments} (a keyed head and the stateless steps after it), and a
 * {@link dev.sluice.execution.worker.WorkerChain} of one {@code Stage} per step over consecutive
 * segments, with its captures and its frontier. The local driver builds one chain over the whole flow;
 * each Jet processor one over the segments its vertex fuses. Engine-free.
 */
package dev.sluice.execution.worker;
