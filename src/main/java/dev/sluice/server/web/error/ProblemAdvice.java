package dev.sluice.server.web.error;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.sluice.failure.Throwables;
import dev.sluice.server.cluster.ClusterUnavailableException;
import dev.sluice.server.cluster.MemberDrainingException;
import dev.sluice.server.flows.UnknownFlowException;
import dev.sluice.server.jobs.JobExceptions.InputConflictException;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import dev.sluice.server.jobs.JobExceptions.UnknownJobException;
import dev.sluice.server.json.InvalidInputException;
import dev.sluice.server.runs.ClusterChangedException;
import dev.sluice.server.runs.RunFailedException;
import dev.sluice.server.runs.RunRequestException;
import dev.sluice.server.web.RequestBodies.PayloadTooLargeException;
import java.net.URI;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}): a title per kind, a detail
 * that names the culprit, never a stack trace. Spring MVC's own errors (wrong content type, unknown
 * path, …) come through {@link ResponseEntityExceptionHandler} in the same form.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final String TYPES = "https://sluice.dev/problems/";

    @ExceptionHandler(UnknownFlowException.class)
    ProblemDetail unknownFlow(UnknownFlowException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-flow", "Unknown flow", e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            // the limit was reached while an item was being converted, which reported it as its own failure
            return tooLarge(tooLarge);
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", e.getMessage());
    }

    /** A {@code @RequestBody} (a job request) that is not JSON of the right shape, or is over the limit. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
        JacksonException jackson = causeOf(e, JacksonException.class);
        ProblemDetail problem;
        if (tooLarge != null) {
            problem = tooLarge(tooLarge);
        } else {
            String why = jackson == null ? String.valueOf(e.getMostSpecificCause().getMessage())
                    : jackson.getOriginalMessage() + (jackson.getLocation() == null ? "" : " (line "
                            + jackson.getLocation().getLineNr() + ", column " + jackson.getLocation().getColumnNr() + ")");
            problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    "the body is not a valid request: " + why);
        }
        return handleExceptionInternal(e, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    /** Query parameters Tomcat cannot decode (bad percent-encoding, not UTF-8) or too many of them. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameters(InvalidParameterException e) {
        HttpStatus status = HttpStatus.resolve(e.getErrorCode());
        if (status == null || !status.is4xxClientError()) {
            status = HttpStatus.BAD_REQUEST;
        }
        // Tomcat's message is for its log ("... has been ignored. Note that ..."): keep its first sentence
        String reason = String.valueOf(e.getMessage()).split("\\. ", 2)[0]
                .replaceFirst("\\.$", "").replaceFirst(" (has been )?ignored$", "");
        return problem(status, "invalid-request", "Invalid request", "the request's parameters cannot be read ("
                + reason + "); they are name=value pairs separated by '&', in percent-encoded UTF-8");
    }

    @ExceptionHandler({RunRequestException.class, InvalidJobRequestException.class})
    ProblemDetail invalidRequest(RuntimeException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail invalidParameter(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "" : e.getRequiredType().isEnum()
                ? "; one of " + java.util.Arrays.toString(e.getRequiredType().getEnumConstants())
                : "; expected " + e.getRequiredType().getSimpleName();
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "the parameter '" + e.getName() + "' cannot be '" + e.getValue() + "'" + expected);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large", e.getMessage());
    }

    @ExceptionHandler(RunFailedException.class)
    ProblemDetail runFailed(RunFailedException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "step-failed", "A step of the flow failed",
                e.getMessage());
        problem.setProperty("flow", e.flow());
        e.step().ifPresent(step -> {
            problem.setProperty("stepIndex", step.stepIndex());
            problem.setProperty("operator", step.operator());
        });
        problem.setProperty("exception", e.getCause().getClass().getName());
        return problem;
    }

    @ExceptionHandler(UnknownJobException.class)
    ProblemDetail unknownJob(UnknownJobException e) {
        return problem(HttpStatus.NOT_FOUND, "unknown-job", "Unknown job", e.getMessage());
    }

    @ExceptionHandler(InputConflictException.class)
    ProblemDetail inputConflict(InputConflictException e) {
        return problem(HttpStatus.CONFLICT, "input-conflict", "Input refused", e.getMessage());
    }

    @ExceptionHandler(ClusterUnavailableException.class)
    ProblemDetail noCluster(ClusterUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "no-cluster", "No cluster", e.getMessage());
    }

    /** This member is shutting down: the client should go to another one, on a new connection. */
    @ExceptionHandler(MemberDrainingException.class)
    ResponseEntity<ProblemDetail> draining(MemberDrainingException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "member-shutting-down", "Member shutting down",
                e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.CONNECTION, "close")
                .body(problem);
    }

    /** A finite run lost a member, and so did its retry. */
    @ExceptionHandler(ClusterChangedException.class)
    ResponseEntity<ProblemDetail> clusterChanged(ClusterChangedException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "cluster-changed",
                "The cluster changed during the run", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /** Wherever it surfaces, a member that is no longer part of a running cluster means no cluster. */
    @ExceptionHandler(HazelcastInstanceNotActiveException.class)
    ProblemDetail memberNotActive(HazelcastInstanceNotActiveException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "no-cluster", "No cluster",
                "this member is not part of a running cluster (it is shutting down or has left); try another member");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the service failed unexpectedly (" + e.getClass().getSimpleName() + "); see the member's log");
    }

    /** The first exception of {@code type} in the cause chain of {@code e}, or {@code null}. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        return Throwables.causeOf(e, type).orElse(null);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
