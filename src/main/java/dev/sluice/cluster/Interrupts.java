package dev.sluice.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The clean-up and waiting of the cluster's runs, which must not be cut short by an interrupt (a
 * Hazelcast call fails on a thread whose interrupt flag is set) and must not lose it either: the
 * flag is cleared meanwhile and set again at the end.
 */
final class Interrupts {

    private static final long POLL_MILLIS = 20;

    private Interrupts() {}

    /**
     * Runs {@code action} with the interrupt flag cleared, ignoring a {@link RuntimeException} (the
     * cluster is going away), and sets the flag again if it was set.
     */
    static void whileCleared(Runnable action) {
        boolean interrupted = Thread.interrupted();
        try {
            action.run();
        } catch (RuntimeException e) {
            // the cluster is going away: nothing more to clean up
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits until {@code done} or {@code timeout}, polling, with the interrupt flag cleared (an
     * interrupt meanwhile is kept for the end); a {@link RuntimeException} of {@code done} ends the
     * wait (the cluster is going away).
     */
    static void await(BooleanSupplier done, Duration timeout) {
        whileCleared(() -> {
            boolean interrupted = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (!done.getAsBoolean() && System.nanoTime() - deadline < 0) {
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }
}
