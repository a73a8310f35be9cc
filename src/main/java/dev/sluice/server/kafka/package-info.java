/**
 * Kafka inputs and outputs of jobs (issue 20), on Jet's own Kafka connector: a {@code kafka} input is
 * Jet's Kafka source in front of the flow ({@link dev.sluice.execution.jet.SourceInputFn}), its record
 * values read as JSON of the flow's input type and given epochs by timestamp or offset
 * ({@link dev.sluice.server.kafka.KafkaEpochs}); a {@code kafka} output is Sluice's Kafka sink
 * ({@link dev.sluice.server.kafka.KafkaOutputProcessor}, a {@link dev.sluice.execution.jet.SinkOutputFn}):
 * Jet's two-phase snapshot protocol with Kafka transactions under {@code exactly-once}, able to commit
 * after a restart what a snapshot prepared on any broker's transaction version. The job service reaches it through {@link dev.sluice.server.kafka.KafkaJobs}.
 */
package dev.sluice.server.kafka;
