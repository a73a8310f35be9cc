package dev.sluice.server.metrics;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.Step;
import dev.sluice.execution.jet.MemberMetrics;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.execution.metrics.StepMetrics;
import dev.sluice.execution.metrics.StepMetrics.JobKey;
import dev.sluice.server.flows.FlowRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * This member's per-step figures as meters, tagged {@code flow}, {@code step} (the index),
 * {@code operator} (the seed's name) and {@code job} (a job's ID, or {@code runs} for every finite
 * run of the flow):
 * <ul>
 *   <li>{@code sluice.step.items.in}, {@code sluice.step.items.out}: function counters
 *       ({@code sluice_step_items_in_total}, {@code sluice_step_items_out_total}), for every step of
 *       every flow's runs from the start, and of each job once one of its workers runs here;</li>
 *   <li>{@code sluice.step.keys}: the keys a keyed step of a job holds on this member's workers;</li>
 *   <li>{@code sluice.step.frontier}: the lowest epoch open at a keyed step of a job on this member's
 *       workers; {@code +Inf} once its input has ended, {@code NaN} while no worker here runs it.</li>
 * </ul>
 * Meters read the member's {@link StepMetrics} when scraped, at most every {@link #FRESH_NANOS}: the
 * workers pay nothing for them. A job's meters go when it is {@linkplain #forget forgotten}.
 */
@Component
public class StepMeters {

    /** How long one reading of the registry serves every meter of a flow and job. */
    static final long FRESH_NANOS = 100_000_000;

    private final MeterRegistry registry;
    private final FlowRegistry flows;
    private final StepMetrics metrics;
    private final Map<JobKey, Reading> readings = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    StepMeters(MeterRegistry registry, FlowRegistry flows, HazelcastInstance hazelcast) {
        this.registry = registry;
        this.flows = flows;
        this.metrics = MemberMetrics.of(hazelcast);
        flows.all().keySet().forEach(flow -> register(new JobKey(flow, MetricsTag.RUNS)));
        metrics.onNewJob(this::register);
        metrics.jobs().forEach(this::register);
    }

    /** This member's registry of what its workers did. */
    public StepMetrics metrics() {
        return metrics;
    }

    /** Drops a job's meters and what this member counted for it: the job is gone for good. */
    public void forget(String jobId) {
        List<Meter> gone = meters.remove(jobId);
        if (gone != null) {
            gone.forEach(registry::remove);
        }
        readings.keySet().removeIf(key -> key.job().equals(jobId));
        metrics.forget(jobId);
    }

    private void register(JobKey key) {
        Dataflow<?, ?> flow = flows.all().get(key.flow());
        if (flow == null) {
            return; // a flow this member does not serve: nothing to name its steps by
        }
        List<Meter> registered = new ArrayList<>();
        boolean job = !key.job().equals(MetricsTag.RUNS);
        for (int i = 0; i < flow.steps().size(); i++) {
            Step step = flow.steps().get(i);
            int index = i;
            Tags tags = Tags.of("flow", key.flow(), "step", Integer.toString(i), "operator", step.operator())
                    .and("job", key.job());
            registered.add(
                    FunctionCounter.builder("sluice.step.items.in", this, counter(key, index, StepCount::itemsIn))
                            .description("Items that came into the step on this member's workers")
                            .tags(tags)
                            .register(registry));
            registered.add(
                    FunctionCounter.builder("sluice.step.items.out", this, counter(key, index, StepCount::itemsOut))
                            .description("Items the step emitted to the next on this member's workers")
                            .tags(tags)
                            .register(registry));
            if (job && step.keyed()) {
                registered.add(Gauge.builder("sluice.step.keys", this, counter(key, index, StepCount::keys))
                        .description("Keys the keyed step holds state for on this member's workers")
                        .tags(tags)
                        .register(registry));
                registered.add(Gauge.builder("sluice.step.frontier", this, frontier(key, index))
                        .description("The lowest epoch still open at the keyed step on this member's workers: "
                                + "+Inf once its input has ended, NaN while none of them runs it")
                        .tags(tags)
                        .register(registry));
            }
        }
        meters.merge(key.job(), registered, (a, b) -> {
            List<Meter> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    private ToDoubleFunction<StepMeters> counter(JobKey key, int step, ToDoubleFunction<StepCount> figure) {
        return self -> {
            StepCount count = self.step(key, step);
            return count == null ? 0 : figure.applyAsDouble(count);
        };
    }

    private ToDoubleFunction<StepMeters> frontier(JobKey key, int step) {
        return self -> {
            StepCount count = self.step(key, step);
            if (count == null || count.lowestOpenEpoch() == StepCount.UNKNOWN) {
                return Double.NaN;
            }
            return count.done() ? Double.POSITIVE_INFINITY : count.lowestOpenEpoch();
        };
    }

    private StepCount step(JobKey key, int step) {
        long now = System.nanoTime();
        Reading reading = readings.get(key);
        if (reading == null || now - reading.at > FRESH_NANOS) {
            reading = new Reading(now, metrics.job(key.flow(), key.job()));
            readings.put(key, reading);
        }
        for (StepCount count : reading.counts) {
            if (count.index() == step) {
                return count;
            }
        }
        return null;
    }

    private record Reading(long at, List<StepCount> counts) {}
}
