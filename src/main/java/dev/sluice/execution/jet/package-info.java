/**
 * The cluster driver: a {@link dev.sluice.dataflow.Dataflow} compiled to a Hazelcast Jet Core DAG
 * ({@link dev.sluice.execution.jet.JetDataflow}) whose processors drive the same operator logic as
 * the local driver: each processor builds its worker's {@link dev.sluice.execution.worker.WorkerChain}
 * for the segments its vertex fuses. Epochs are Jet event time and progress is Jet watermarks, which
 * move the chain's frontier. The only core-adjacent package that imports Hazelcast.
 *
 * <p>For other packages: {@link dev.sluice.execution.jet.JetDataflow} (compile, run, join),
 * {@link dev.sluice.execution.jet.FiniteRun} (a finite input across the cluster, the captured pairs
 * back: the service's runs and {@code runCluster}), {@link dev.sluice.execution.jet.JetSerialization}
 * (register on every member and client), {@link dev.sluice.execution.jet.ProcessIds} (members to
 * process IDs) and {@link dev.sluice.execution.jet.LocalMembers} (a builder's member). The rest is
 * package-private, but for the {@link dev.sluice.execution.jet.RoundRobinInput} that
 * {@code FiniteRun} takes.
 */
package dev.sluice.execution.jet;
