package dev.sluice.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.StepFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A job's failure with the fields of a run's: read from the exception where it is at hand, and
 * from the text a normal Jet job reports where only that travels.
 */
class JobFailureTest {

    /** What a failed normal job's future holds: Jet's exception whose message is the printed original. */
    private static ExecutionException asJetReportsIt(Throwable thrown) {
        RuntimeException tasklet =
                new RuntimeException("Exception in ProcessorTasklet{0a1b/step-1-map#0}: " + thrown, thrown);
        StringWriter text = new StringWriter();
        tasklet.printStackTrace(new PrintWriter(text));
        String printed = text.toString();
        // Hazelcast keeps the stack trace without its first word (the wrapper's class name)
        return new ExecutionException(new RuntimeException(printed.substring(printed.indexOf(' ') + 1)));
    }

    private static <T extends Throwable> T thrownByStep(T thrown, int stepIndex, String operator) {
        thrown.addSuppressed(new StepFailure(stepIndex, operator, thrown));
        return thrown;
    }

    @Test
    void aStepFailureAtHandGivesItsFields() {
        ArithmeticException thrown = thrownByStep(new ArithmeticException("/ by zero"), 1, "map");

        JobFailure failure = JobFailure.of(new ExecutionException(thrown));

        assertThat(failure).isEqualTo(new JobFailure(1, "map", "/ by zero", "java.lang.ArithmeticException"));
        assertThat(failure.summary()).isEqualTo("step 1 (map) failed: java.lang.ArithmeticException: / by zero");
    }

    @Test
    void aStepFailureIsReadBackFromTheTextJetReports() {
        IllegalArgumentException thrown =
                thrownByStep(new IllegalArgumentException("a link is \"parent,child\", got \"x\""), 0, "map");

        JobFailure failure = JobFailure.of(asJetReportsIt(thrown));

        assertThat(failure)
                .isEqualTo(new JobFailure(
                        0, "map", "a link is \"parent,child\", got \"x\"", "java.lang.IllegalArgumentException"));
        assertThat(failure.summary()).isEqualTo(new StepFailure(0, "map", thrown).getMessage());
    }

    @Test
    void aMessageOfSeveralLinesAndOneOfNoneRoundTrip() {
        JobFailure lines = JobFailure.of(
                asJetReportsIt(thrownByStep(new IllegalStateException("first line\nsecond line"), 4, "stateful_map")));
        JobFailure none = JobFailure.of(asJetReportsIt(thrownByStep(new NullPointerException(), 2, "reduce_epoch")));

        assertThat(lines)
                .isEqualTo(new JobFailure(
                        4, "stateful_map", "first line\nsecond line", "java.lang.IllegalStateException"));
        assertThat(none).isEqualTo(new JobFailure(2, "reduce_epoch", null, "java.lang.NullPointerException"));
        assertThat(none.summary()).isEqualTo("step 2 (reduce_epoch) failed: java.lang.NullPointerException");
    }

    @Test
    void aFailureNoStepThrewGivesTheExceptionAndMessageOfItsFirstLine() {
        JobFailure failure =
                JobFailure.of(asJetReportsIt(new IllegalStateException("input batch 3 of job j was lost")));

        assertThat(failure)
                .isEqualTo(new JobFailure(
                        null, null, "input batch 3 of job j was lost", "java.lang.IllegalStateException"));
        assertThat(failure.summary()).isEqualTo("java.lang.IllegalStateException: input batch 3 of job j was lost");
    }

    @Test
    void aReasonGivenAsTextHasNoExceptionType() {
        JobFailure lost = JobFailure.reason("data lost: 2 members left at once");

        assertThat(lost).isEqualTo(new JobFailure(null, null, "data lost: 2 members left at once", null));
        assertThat(lost.summary()).isEqualTo("data lost: 2 members left at once");
        assertThat(JobFailure.of(new RuntimeException("data lost: 2 members left at once")))
                .isEqualTo(lost);
    }

    @Test
    void stepFailureReadsBackWhatItWrites() {
        ArithmeticException thrown = new ArithmeticException("/ by zero");
        StepFailure written = new StepFailure(3, "reduce", thrown);
        thrown.addSuppressed(written);
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));

        StepFailure read = StepFailure.read(text.toString()).orElseThrow();

        assertThat(read.getMessage()).isEqualTo(written.getMessage());
        assertThat(read.stepIndex()).isEqualTo(3);
        assertThat(read.operator()).isEqualTo("reduce");
        assertThat(read.exception()).isEqualTo("java.lang.ArithmeticException");
        assertThat(read.exceptionMessage()).isEqualTo("/ by zero");
        assertThat(StepFailure.read("java.lang.IllegalStateException: no step here"))
                .isEmpty();
    }
}
