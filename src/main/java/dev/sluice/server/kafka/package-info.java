/**
 * Kafka inputs and outputs of jobs (issue 20), on Jet's own Kafka connector: a {@code kafka} input is
 * Jet's Kafka source in front of the flow ({@link dev.sluice.execution.jet.SourceInputFn}), its record
 * values read as JSON of the flow's input type and given epochs by timestamp or offset
 * ({@link dev.sluice.server.kafka.KafkaEpochs}); a {@code kafka} output is Jet's Kafka sink
 * ({@link dev.sluice.execution.jet.SinkOutputFn}), transactional with the job's snapshots under
 * {@code exactly-once}. The job service reaches it through {@link dev.sluice.server.kafka.KafkaJobs}.
 */
package dev.sluice.server.kafka;
