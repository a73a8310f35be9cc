package dev.sluice.server.web;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.sluice.failure.Throwables;
import dev.sluice.server.web.RequestBodies.PayloadTooLargeException;
import java.util.Arrays;
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
 * that names the culprit, never a stack trace. The service's own exceptions carry their problem
 * ({@link ProblemException}); this advice adds the errors that come from Spring, Tomcat and Hazelcast.
 * Spring MVC's own errors (wrong content type, unknown path, …) come through {@link
 * ResponseEntityExceptionHandler} in the same form.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    /** Every exception of the service: the problem it carries. */
    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
        // the limit was reached while an item was being converted, which reported it as its own failure
        ProblemException answer = tooLarge != null ? tooLarge : e;
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .body(answer.getBody());
    }

    /** A {@code @RequestBody} (a job request) that is not JSON of the right shape, or is over the limit. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
        JacksonException jackson = causeOf(e, JacksonException.class);
        ProblemDetail problem;
        if (tooLarge != null) {
            problem = tooLarge.getBody();
        } else {
            String why = jackson == null
                    ? String.valueOf(e.getMostSpecificCause().getMessage())
                    : jackson.getOriginalMessage()
                            + (jackson.getLocation() == null
                                    ? ""
                                    : " (line " + jackson.getLocation().getLineNr() + ", column "
                                            + jackson.getLocation().getColumnNr() + ")");
            problem = ProblemType.INVALID_REQUEST.problem("the body is not a valid request: " + why);
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
        String reason = String.valueOf(e.getMessage())
                .split("\\. ", 2)[0]
                .replaceFirst("\\.$", "")
                .replaceFirst(" (has been )?ignored$", "");
        ProblemDetail problem = ProblemType.INVALID_REQUEST.problem("the request's parameters cannot be read (" + reason
                + "); they are name=value pairs separated by '&', in percent-encoded UTF-8");
        problem.setStatus(status);
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail invalidParameter(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == null
                ? ""
                : type.isEnum()
                        ? "; one of " + Arrays.toString(type.getEnumConstants())
                        : type == Long.class || type == long.class
                                ? "; expected an integer (ASCII digits, an optional '-')"
                                : type == Integer.class || type == int.class
                                        ? "; expected an integer up to " + Integer.MAX_VALUE
                                                + " (ASCII digits, an optional '-')"
                                        : "";
        Object value = e.getValue();
        String given = value instanceof String[] values
                ? "given " + values.length + " times (" + String.join(", ", values) + "); give it once"
                : "cannot be '" + value + "'";
        return ProblemType.INVALID_REQUEST.problem("the parameter '" + e.getName() + "' " + given + expected);
    }

    /** Wherever it surfaces, a member that is no longer part of a running cluster means no cluster. */
    @ExceptionHandler(HazelcastInstanceNotActiveException.class)
    ProblemDetail memberNotActive(HazelcastInstanceNotActiveException e) {
        return ProblemType.NO_CLUSTER.problem(
                "this member is not part of a running cluster (it is shutting down or has left); try another member");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure", e);
        return ProblemType.INTERNAL.problem(
                "the service failed unexpectedly (" + e.getClass().getSimpleName() + "); see the member's log");
    }

    /** The first exception of {@code type} in the cause chain of {@code e}, or {@code null}. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        return Throwables.causeOf(e, type).orElse(null);
    }
}
