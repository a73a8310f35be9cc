package dev.sluice.execution.metrics;

import dev.sluice.execution.worker.WorkerChain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the workers of one process have done, per step, by {@link MetricsTag}: a driver
 * {@linkplain #register registers} each worker's {@link WorkerChain} when the worker starts and closes
 * the registration when it stops, which keeps the chain's final counts (and drops the chain, with its
 * state). Readers add up the figures of the chains running now and of those that have stopped: per
 * run ({@link #run}) or per flow and job ({@link #job}, what Prometheus exports).
 *
 * <p>A job's run keeps its figures until {@link #forget} (a job that restarts adds into what it had
 * done). A finite run's are kept for {@link #RECENT_RUNS} more runs after it ends, so that its caller
 * can still ask for them, and then added into its flow's {@link MetricsTag#RUNS} total.
 *
 * <p>Thread-safe: workers register and stop on their own threads while others read.
 */
public final class StepMetrics {

    /** How many finite runs that have ended are kept on their own, newest first. */
    public static final int RECENT_RUNS = 256;

    /** A flow and a job: what a Prometheus series is tagged with. */
    public record JobKey(String flow, String job) {}

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<JobKey, List<StepCount>> retired = new ConcurrentHashMap<>();
    private final ArrayDeque<String> endedRuns = new ArrayDeque<>();
    private final Set<JobKey> jobs = ConcurrentHashMap.newKeySet();
    private final List<Consumer<JobKey>> newJobListeners = new CopyOnWriteArrayList<>();

    /**
     * Calls {@code listener} with each flow and job the first time a worker of theirs registers here
     * (on the worker's thread: it must be quick).
     */
    public void onNewJob(Consumer<JobKey> listener) {
        newJobListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    /** Starts counting a worker's chain under {@code tag}; close the registration when the worker stops. */
    public Registration register(MetricsTag tag, WorkerChain chain) {
        Objects.requireNonNull(tag, "tag must not be null");
        Objects.requireNonNull(chain, "chain must not be null");
        JobKey key = new JobKey(tag.flow(), tag.job());
        Run run = runs.computeIfAbsent(tag.run(), r -> new Run(tag));
        Registration registration = new Registration(run, chain);
        run.add(registration);
        if (jobs.add(key)) {
            newJobListeners.forEach(listener -> listener.accept(key));
        }
        return registration;
    }

    /** This process's figures of one run, in step order; empty for a run it knows nothing of. */
    public List<StepCount> run(String run) {
        Run found = runs.get(run);
        return found == null ? List.of() : found.counts();
    }

    /** Where this process's input workers of a run are, by worker index. */
    public List<InputProgress> inputs(String run) {
        Run found = runs.get(run);
        return found == null ? List.of() : found.inputs();
    }

    /** This process's figures of a flow's job (every run of it, running or ended), in step order. */
    public List<StepCount> job(String flow, String job) {
        JobKey key = new JobKey(flow, job);
        List<List<StepCount>> parts = new ArrayList<>();
        List<StepCount> old = retired.get(key);
        if (old != null) {
            parts.add(old);
        }
        for (Run run : runs.values()) {
            if (run.tag.flow().equals(flow) && run.tag.job().equals(job)) {
                parts.add(run.counts());
            }
        }
        return StepCount.sum(parts);
    }

    /** Every flow and job a worker of this process has counted for, and not forgotten. */
    public Set<JobKey> jobs() {
        return Set.copyOf(jobs);
    }

    /** Drops everything counted for a job (every flow, every run). */
    public void forget(String job) {
        runs.values().removeIf(run -> run.tag.job().equals(job));
        retired.keySet().removeIf(key -> key.job().equals(job));
        jobs.removeIf(key -> key.job().equals(job));
    }

    /** A finite run has stopped on this process: keep it a while, and retire the oldest beyond that. */
    private void ended(Run run) {
        Run oldest = null;
        synchronized (endedRuns) {
            endedRuns.addLast(run.tag.run());
            if (endedRuns.size() > RECENT_RUNS) {
                oldest = runs.remove(endedRuns.removeFirst());
            }
        }
        if (oldest != null) {
            List<StepCount> counts = oldest.counts();
            retired.merge(
                    new JobKey(oldest.tag.flow(), oldest.tag.job()), counts, (a, b) -> StepCount.sum(List.of(a, b)));
        }
    }

    /** One run's workers on this process: those running, and what those that stopped had done. */
    private final class Run {
        private final MetricsTag tag;
        private final List<Registration> live = new ArrayList<>();
        private final Map<Integer, StepCount> stopped = new HashMap<>();
        private final Map<Integer, InputProgress> stoppedInputs = new LinkedHashMap<>();
        private boolean ended;

        Run(MetricsTag tag) {
            this.tag = tag;
        }

        synchronized void add(Registration registration) {
            live.add(registration);
        }

        synchronized List<StepCount> counts() {
            List<Collection<StepCount>> parts = new ArrayList<>(live.size() + 1);
            parts.add(stopped.values());
            for (Registration registration : live) {
                parts.add(registration.chain.counts());
            }
            return StepCount.sum(parts);
        }

        synchronized List<InputProgress> inputs() {
            Map<Integer, InputProgress> byWorker = new TreeMap<>(stoppedInputs);
            for (Registration registration : live) {
                if (registration.input != null) {
                    InputProgress position = registration.input.get();
                    byWorker.put(position.worker(), position);
                }
            }
            return List.copyOf(byWorker.values());
        }

        void stop(Registration registration) {
            boolean nowEnded;
            synchronized (this) {
                if (!live.remove(registration)) {
                    return;
                }
                for (StepCount count : registration.chain.counts()) {
                    stopped.merge(count.index(), count.stopped(), StepCount::plus);
                }
                if (registration.input != null) {
                    InputProgress position = registration.input.get();
                    stoppedInputs.put(position.worker(), position);
                }
                nowEnded = live.isEmpty() && tag.transientRun() && !ended;
                ended |= nowEnded;
            }
            if (nowEnded) {
                ended(this);
            }
        }
    }

    /** One worker's chain, counted until {@link #close}. */
    public static final class Registration implements AutoCloseable {
        private final Run run;
        private final WorkerChain chain;
        private volatile Supplier<InputProgress> input;

        private Registration(Run run, WorkerChain chain) {
            this.run = run;
            this.chain = chain;
        }

        /** The worker reads the run's input: {@code position} tells where it is (asked from any thread). */
        public void trackInput(Supplier<InputProgress> position) {
            this.input = Objects.requireNonNull(position, "position must not be null");
        }

        /** The worker has stopped: its chain's counts are kept, the chain is let go. Idempotent. */
        @Override
        public void close() {
            run.stop(this);
        }
    }
}
