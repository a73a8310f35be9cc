package dev.sluice.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The drain of a member that is shutting down, with runs as plain threads. */
class MemberDrainTest {

    @Test
    void theDrainStopsBeforeTheWebServersGracefulShutdown() {
        assertThat(new MemberDrain(Duration.ZERO).getPhase())
                .isGreaterThan(
                        org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle
                                .SMART_LIFECYCLE_PHASE);
    }

    @Test
    void aDrainingMemberStartsNoRun() {
        MemberDrain drain = new MemberDrain(Duration.ofMinutes(1));
        drain.start();
        drain.stop();

        assertThat(drain.isDraining()).isTrue();
        assertThatThrownBy(drain::enterRun)
                .isInstanceOf(MemberDrainingException.class)
                .hasMessageContaining("shutting down")
                .hasMessageContaining("another member");
        assertThat(drain.runsInFlight()).isZero();
    }

    @Test
    void theDrainWaitsForRunsInFlightToFinish() throws Exception {
        MemberDrain drain = new MemberDrain(Duration.ofMinutes(5));
        drain.start();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean(true);
        Thread run = new Thread(() -> {
            drain.enterRun();
            entered.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancelled.set(drain.exitRun());
        });
        run.start();
        entered.await();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(drain::stop);
        await().atMost(Duration.ofSeconds(30)).until(drain::isDraining);
        assertThat(stopped).as("the drain waits for the run").isNotDone();
        assertThat(drain.runsInFlight()).isEqualTo(1);

        finish.countDown();
        stopped.get(30, TimeUnit.SECONDS);
        run.join();
        assertThat(cancelled).as("the run was cancelled").isFalse();
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void runsStillInFlightAfterTheDrainTimeoutAreCancelledAndCanStillAnswer() throws Exception {
        MemberDrain drain = new MemberDrain(Duration.ZERO);
        drain.start();
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicBoolean interruptFlagAfterExit = new AtomicBoolean(true);
        Thread run = new Thread(() -> {
            drain.enterRun();
            entered.countDown();
            try {
                new CountDownLatch(1).await(); // a run that never ends by itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as JetDataflow.join leaves it after cancelling the job
            }
            cancelled.set(drain.exitRun());
            interruptFlagAfterExit.set(Thread.currentThread().isInterrupted());
        });
        run.start();
        entered.await();

        drain.stop();
        run.join();
        assertThat(cancelled).as("the run was cancelled").isTrue();
        assertThat(interruptFlagAfterExit)
                .as("the thread can write its answer: no interrupt flag")
                .isFalse();
        assertThat(drain.runsInFlight()).isZero();
    }

    @Test
    void aNegativeDrainTimeoutIsRefused() {
        assertThatThrownBy(() -> new MemberDrain(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.shutdown.drain-timeout");
    }
}
