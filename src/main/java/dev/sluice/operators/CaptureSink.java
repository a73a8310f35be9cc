package dev.sluice.operators;

/**
 * Where capture steps send {@code (epoch, item)}: a driver's output for the worker. It may throw;
 * the failure is attributed to the capture step.
 */
@FunctionalInterface
public interface CaptureSink {

    void accept(long epoch, Object item) throws Exception;
}
