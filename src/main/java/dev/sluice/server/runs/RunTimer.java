package dev.sluice.server.runs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.web.ErrorResponse;

/**
 * {@code sluice.runs}: a timer of finite runs by {@code flow} and {@code outcome} ({@code ok},
 * {@code step-failed}: a step threw, {@code bad-request}: the request was refused (4xx), {@code
 * unavailable}: no cluster to run on, the member draining, or a failure of the service (5xx)), with a
 * percentiles histogram. Recorded by the member that answered, from reading the body to the end of the
 * run; a request for a flow that does not exist is not timed (no label per mistyped name).
 */
final class RunTimer {

    static final String STEPS_EXAMPLE = "[{\"index\":0,\"operator\":\"map\",\"itemsIn\":2,\"itemsOut\":2},"
            + "{\"index\":1,\"operator\":\"flat_map\",\"itemsIn\":2,\"itemsOut\":4}]";

    private final MeterRegistry registry;

    /** @param registry where to record; {@code null} records nothing */
    RunTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    <T> T time(String flow, Supplier<T> run) {
        return time(flow, System.nanoTime(), run);
    }

    /** Times {@code run} as a run that began at {@code startNanos} ({@link System#nanoTime}). */
    <T> T time(String flow, long startNanos, Supplier<T> run) {
        String outcome = "unavailable";
        try {
            T result = run.get();
            outcome = "ok";
            return result;
        } catch (RuntimeException e) {
            outcome = outcome(e);
            throw e;
        } finally {
            record(flow, outcome, startNanos);
        }
    }

    /**
     * Records a run that failed in {@code step} (reading its body, say), which began at {@code startNanos};
     * a step that succeeds records nothing: the rest of the run is timed with {@link #time(String, long,
     * Supplier)}.
     */
    <T> T timeFailure(String flow, long startNanos, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            record(flow, outcome(e), startNanos);
            throw e;
        }
    }

    private static String outcome(RuntimeException e) {
        if (e instanceof RunFailedException) {
            return "step-failed";
        }
        return e instanceof ErrorResponse problem && problem.getStatusCode().is4xxClientError()
                ? "bad-request"
                : "unavailable";
    }

    private void record(String flow, String outcome, long startNanos) {
        if (registry == null) {
            return;
        }
        Timer.builder("sluice.runs")
                .description("Finite runs answered by this member, from reading the body to the end of the run")
                .tags("flow", flow, "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
