package dev.sluice.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.StepFailure;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrowablesTest {

    /** An engine's wrapper, for the tests: it only carries its cause. */
    private static final class EngineException extends RuntimeException {
        EngineException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void sneakyThrowsACheckedExceptionUnwrapped() {
        IOException checked = new IOException("disk gone");
        assertThatThrownBy(() -> {
                    throw Throwables.sneaky(checked);
                })
                .isSameAs(checked);
    }

    @Test
    void causesStopAtACycle() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(Throwables.causes(b)).containsExactly(b, a);
        assertThat(Throwables.rootCause(b)).isSameAs(a);
    }

    @Test
    void causeOfFindsTheFirstOfAType() {
        IllegalStateException inner = new IllegalStateException("inner");
        RuntimeException outer = new RuntimeException(new IllegalArgumentException("middle", inner));
        assertThat(Throwables.causeOf(outer, IllegalStateException.class)).containsSame(inner);
        assertThat(Throwables.causeOf(outer, IOException.class)).isEmpty();
    }

    @Test
    void unwrapFutureTakesTheCauseOfFutureExceptions() {
        IllegalStateException thrown = new IllegalStateException("x");
        assertThat(Throwables.unwrapFuture(new ExecutionException(new CompletionException(thrown))))
                .isSameAs(thrown);
        assertThat(Throwables.unwrapFuture(thrown)).isSameAs(thrown);
    }

    @Test
    void originalIsTheExceptionThatCarriesTheStepFailure() {
        ArithmeticException thrown = new ArithmeticException("/ by zero");
        thrown.addSuppressed(new StepFailure(1, "map", thrown));
        Throwable wrapped = new ExecutionException(new EngineException("Exception in ProcessorTasklet{}", thrown));

        assertThat(Throwables.original(wrapped, EngineException.class::isInstance))
                .isSameAs(thrown);
    }

    @Test
    void originalSkipsWrappersAndRemoteCopiesOfTheSameException() {
        IllegalStateException original = new IllegalStateException("batch lost");
        IllegalStateException copy = new IllegalStateException("batch lost", original);
        Throwable wrapped = new CompletionException(new EngineException("execution failed", copy));

        assertThat(Throwables.original(wrapped, EngineException.class::isInstance))
                .isSameAs(original);
    }

    @Test
    void originalOfOnlyWrappersIsTheFailureItself() {
        EngineException engine = new EngineException("member left", null);
        assertThat(Throwables.original(engine, EngineException.class::isInstance))
                .isSameAs(engine);
    }

    @Test
    void interruptedSetsTheFlagAgainAndSaysWhy() {
        InterruptedException interrupt = new InterruptedException();
        CancellationException cancelled = Throwables.interrupted("the run was cancelled", interrupt);

        assertThat(cancelled).hasMessage("the run was cancelled").hasCause(interrupt);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void cancellationMayHaveNoCause() {
        assertThat(Throwables.cancellation("stopped", null))
                .hasMessage("stopped")
                .hasNoCause();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
