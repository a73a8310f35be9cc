/**
 * Per-step figures as Micrometer meters ({@code /actuator/prometheus}, {@code /actuator/metrics}):
 * {@link dev.sluice.server.metrics.StepMeters} exports what this member's workers did, per flow, job
 * and step, from the member's {@link dev.sluice.execution.metrics.StepMetrics}. A Prometheus that sums
 * over members gets the cluster's figures.
 */
package dev.sluice.server.metrics;
