package dev.sluice.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the advice does with failures that are not the client's: a client that went away is no error
 * of the service (it was logged as one, with a stack trace, issue 13), a failure after the answer
 * began writes nothing more, and anything else is a 500 problem, whatever the request accepted.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProblemAdviceTest {

    private final ProblemAdvice advice = new ProblemAdvice();

    @Test
    void aClientThatWentAwayIsNotAnErrorAndGetsNothing(CapturedOutput output) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setContentType("application/x-ndjson");
        response.setCommitted(true);

        assertThat(advice.unexpected(new ClientAbortException(new IOException("Broken pipe")), response))
                .isNull();
        assertThat(advice.unexpected(new IOException("Connection reset by peer"), response))
                .isNull();
        assertThat(output.getAll()).doesNotContain("ERROR", "unexpected failure", "Broken pipe");
    }

    @Test
    void aFailureAfterTheAnswerBeganWritesNothingMore(CapturedOutput output) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setCommitted(true);

        assertThat(advice.unexpected(new IllegalStateException("boom"), response))
                .isNull();
        assertThat(output.getAll()).contains("WARN").doesNotContain("ERROR");
    }

    @Test
    void anythingElseIsA500ProblemWrittenAsProblemJson() {
        ResponseEntity<ProblemDetail> answer =
                advice.unexpected(new IllegalStateException("boom"), new MockHttpServletResponse());

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().getType()).isEqualTo(ProblemType.INTERNAL.uri());
        assertThat(answer.getBody().getDetail())
                .isEqualTo("the service failed unexpectedly; see the member's log")
                .doesNotContain("IllegalStateException");
    }
}
