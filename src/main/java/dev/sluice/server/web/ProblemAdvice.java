package dev.sluice.server.web;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.sluice.failure.Throwables;
import dev.sluice.server.web.RequestBodies.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Arrays;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;
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
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** Every exception of the service: the problem it carries. */
    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
        // the limit was reached while an item was being converted, which reported it as its own failure
        ProblemException answer = tooLarge != null ? tooLarge : e;
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
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
                    ? unreadable(e)
                    : JsonErrors.describe(jackson)
                            + (jackson.getLocation() == null
                                    ? ""
                                    : " (line " + jackson.getLocation().getLineNr() + ", column "
                                            + jackson.getLocation().getColumnNr() + ")");
            problem = ProblemType.INVALID_REQUEST.problem("the body is not a valid request: " + why);
        }
        return handleExceptionInternal(e, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    /** Why a body that Jackson did not fail on cannot be read, without Spring's method signatures. */
    private static String unreadable(HttpMessageNotReadableException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("Required request body is missing")
                ? "there is none; send a JSON object"
                : "it cannot be read as JSON";
    }

    /**
     * Spring MVC's own errors (no handler for the path, a method, media type or {@code Accept} that is
     * not served, a missing parameter) with the generic problem type of their status, a detail in the
     * API's words where Spring's would mislead, and always as {@code application/problem+json}.
     * Nothing is written once the response has started, or to a client that is gone.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body == null && e instanceof ErrorResponse framework) {
            body = framework.updateAndGetBody(getMessageSource(), request.getLocale());
        }
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
                ProblemType type = ProblemType.ofStatus(status.value());
                if (type != null) {
                    problem.setType(type.uri());
                    problem.setTitle(type.title());
                }
            }
            String detail = apiDetail(e, request);
            if (detail != null) {
                problem.setDetail(detail);
            }
            HttpHeaders writable = HttpHeaders.copyOf(headers); // Spring passes read-only empty headers
            writable.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return super.handleExceptionInternal(e, body, writable, status, request);
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static String apiDetail(Exception e, WebRequest request) {
        if (e instanceof NoResourceFoundException notFound) {
            return "there is no resource at /" + notFound.getResourcePath();
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            try {
                MediaType.parseMediaTypes(accept);
            } catch (InvalidMediaTypeException notMediaTypes) {
                return "the Accept header '" + accept + "' is not a list of media types";
            }
        }
        return null;
    }

    /** Query parameters Tomcat cannot decode (bad percent-encoding, not UTF-8) or too many of them. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException e) {
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
        return answer(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> invalidParameter(MethodArgumentTypeMismatchException e) {
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
        return answer(ProblemType.INVALID_REQUEST.problem("the parameter '" + e.getName() + "' " + given + expected));
    }

    /** Wherever it surfaces, a member that is no longer part of a running cluster means no cluster. */
    @ExceptionHandler(HazelcastInstanceNotActiveException.class)
    ResponseEntity<ProblemDetail> memberNotActive(HazelcastInstanceNotActiveException e) {
        return answer(ProblemType.NO_CLUSTER.problem(
                "this member is not part of a running cluster (it is shutting down or has left); try another member"));
    }

    /**
     * A member that sees fewer than a majority of its cluster's members takes no writes (issue 16:
     * {@code WriteQuorum}): the others are gone, or it is cut off from them.
     */
    @ExceptionHandler(SplitBrainProtectionException.class)
    ResponseEntity<ProblemDetail> noQuorum(SplitBrainProtectionException e) {
        return answer(ProblemType.NO_CLUSTER.problem("this member sees too few of its cluster's members to take "
                + "writes (most of them are gone, or it is cut off from them): try another member, or wait until "
                + "members join it"));
    }

    /**
     * Anything else is the service's fault, logged with its stack trace, but for a client that went
     * away mid-answer (nothing to say, and nobody to say it to) and a failure after the answer began
     * (its status and type are out already: the client sees the body end early).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletResponse response) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("the client went away: {}", e.toString());
            return null;
        }
        if (response.isCommitted()) {
            log.warn("a request failed after its answer began, which ends early", e);
            return null;
        }
        log.error("unexpected failure", e);
        return answer(ProblemType.INTERNAL.problem("the service failed unexpectedly; see the member's log"));
    }

    /** A problem as the answer, written as {@code application/problem+json} whatever was negotiated. */
    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** The first exception of {@code type} in the cause chain of {@code e}, or {@code null}. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        return Throwables.causeOf(e, type).orElse(null);
    }
}
