package dev.sluice.cluster;

import dev.sluice.failure.Throwables;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The waits of the cluster's runs once their job is done, which an interrupt must not cut short
 * (a Hazelcast call fails on a thread whose interrupt flag is set) nor be lost by: the flag is
 * cleared meanwhile and set again at the end.
 */
final class Interrupts {

    private static final long POLL_MILLIS = 20;

    private Interrupts() {}

    /**
     * Waits until {@code done} or {@code timeout}, polling, with the interrupt flag cleared (an
     * interrupt meanwhile is kept for the end); a {@link RuntimeException} of {@code done} ends the
     * wait (the cluster is going away).
     */
    static void await(BooleanSupplier done, Duration timeout) {
        Throwables.cleanUp(() -> {
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
