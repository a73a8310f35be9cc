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
        if (registry == null) {
            return run.get();
        }
        long start = System.nanoTime();
        String outcome = "unavailable";
        try {
            T result = run.get();
            outcome = "ok";
            return result;
        } catch (RunFailedException e) {
            outcome = "step-failed";
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof ErrorResponse problem && problem.getStatusCode().is4xxClientError()) {
                outcome = "bad-request";
            }
            throw e;
        } finally {
            Timer.builder("sluice.runs")
                    .description("Finite runs answered by this member, from reading the body to the end of the run")
                    .tags("flow", flow, "outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
