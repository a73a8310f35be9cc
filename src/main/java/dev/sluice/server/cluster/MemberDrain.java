package dev.sluice.server.cluster;

import dev.sluice.server.config.SluiceProperties;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains this member when the application context closes (on {@code SIGTERM}), before the web server's
 * own graceful shutdown and long before the Hazelcast member leaves:
 * <ol>
 *   <li>From then on, new requests are answered {@code 503} (a problem, {@code Connection: close}), not
 *       refused at the network: a client can go to another member.</li>
 *   <li>Finite runs in flight get {@code sluice.shutdown.drain-timeout} to finish and answer as usual;
 *       those still running then are cancelled (their threads interrupted) and answered {@code 503}.</li>
 *   <li>Then Spring Boot's graceful web shutdown lets the remaining requests end, the web server stops,
 *       and the Hazelcast member shuts down gracefully (partitions migrate first; Jet moves its jobs to
 *       the other members), as the {@code HazelcastInstance} bean is destroyed.</li>
 * </ol>
 * The drain runs in the lifecycle phase just above the web server's graceful shutdown, so it stops
 * first. Each phase may take at most {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s by
 * default): keep the drain timeout below it.
 */
@Component
public class MemberDrain implements SmartLifecycle {

    /** Stops before the web server's graceful shutdown. */
    public static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;

    /** After the drain timeout, how long cancelled runs get to answer before the web server goes on. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(MemberDrain.class);

    private final Duration drainTimeout;
    private final Set<Thread> runs = ConcurrentHashMap.newKeySet();
    private final Set<Thread> cancelled = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile boolean running;
    private volatile boolean draining;

    @Autowired
    public MemberDrain(SluiceProperties properties) {
        this(properties.shutdown().drainTimeout());
    }

    MemberDrain(Duration drainTimeout) {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "sluice.shutdown.drain-timeout must not be negative, got " + drainTimeout);
        }
        this.drainTimeout = drainTimeout;
    }

    /** Whether this member is shutting down and takes no new requests. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Registers the calling thread's run; call {@link #exitRun()} in a {@code finally} when it ends.
     *
     * @throws MemberDrainingException when the member is draining: the run must not start
     */
    public void enterRun() {
        synchronized (lock) {
            if (draining) {
                throw MemberDrainingException.refused();
            }
            runs.add(Thread.currentThread());
        }
    }

    /**
     * Ends the calling thread's run.
     *
     * @return whether the drain cancelled it (interrupted its thread); the interrupt flag is then cleared,
     *     so that the thread can still write its answer
     */
    public boolean exitRun() {
        Thread self = Thread.currentThread();
        synchronized (lock) {
            runs.remove(self);
            if (cancelled.remove(self)) {
                Thread.interrupted();
                return true;
            }
            return false;
        }
    }

    /** Runs in flight now. */
    public int runsInFlight() {
        return runs.size();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        drain();
    }

    @Override
    public void stop(Runnable callback) {
        try {
            drain();
        } finally {
            callback.run();
        }
    }

    private void drain() {
        synchronized (lock) {
            draining = true;
        }
        running = false;
        int inFlight = runs.size();
        if (inFlight > 0) {
            log.info("Draining: waiting up to {} for {} finite run(s) in flight", drainTimeout, inFlight);
        }
        if (!awaitRuns(drainTimeout)) {
            synchronized (lock) {
                log.warn(
                        "Drain timeout ({}) passed with {} run(s) in flight: cancelling them",
                        drainTimeout,
                        runs.size());
                for (Thread run : runs) {
                    cancelled.add(run);
                    run.interrupt();
                }
            }
            awaitRuns(CANCEL_GRACE);
        }
    }

    private boolean awaitRuns(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!runs.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
