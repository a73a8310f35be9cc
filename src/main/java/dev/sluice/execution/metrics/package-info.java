/**
 * What a flow's workers have done, per step: {@link dev.sluice.execution.metrics.StepCount} (items in
 * and out, keys held, the frontier), counted in each worker's chain of stages and kept per process in
 * a {@link dev.sluice.execution.metrics.StepMetrics} registry, under the
 * {@link dev.sluice.execution.metrics.MetricsTag} (flow, job, run) a driver gives. Engine-free: a
 * driver registers its workers' chains, and whoever reports (Prometheus, a job's progress) reads the
 * registry.
 */
package dev.sluice.execution.metrics;
