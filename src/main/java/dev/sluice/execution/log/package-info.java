/**
 * Engine plumbing for jobs that survive restarts: an input that is one log every worker reads whole
 * and can read again from any item ({@link dev.sluice.execution.log.LogInputFn}, each worker's share
 * {@link dev.sluice.execution.log.LogShare}, what earlier runs had done
 * {@link dev.sluice.execution.log.LogProgress}), and an output that takes what workers capture as
 * commits tied to the engine's snapshots ({@link dev.sluice.execution.log.CommitLogFn}).
 *
 * <p>Not for flow authors, who use {@code dev.sluice.dataflow}: the service's job inputs and outputs
 * implement these, and the Jet processors call them. Engine-free: no Hazelcast here.
 */
package dev.sluice.execution.log;
