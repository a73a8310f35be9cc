package dev.sluice.server.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;

/**
 * An exception that knows the problem it is answered with (Spring's {@link ErrorResponse}): its
 * {@link ProblemType}, its message as the detail, and whatever properties or headers a subclass adds.
 * {@link ProblemAdvice} renders every one of them the same way, so a feature's exceptions stay in its
 * own package.
 */
public abstract class ProblemException extends RuntimeException implements ErrorResponse {

    private final ProblemType type;
    // an exception is Serializable; these are for the answer in this JVM only
    private final transient ProblemDetail body;
    private final transient HttpHeaders headers = new HttpHeaders();

    protected ProblemException(ProblemType type, String message) {
        this(type, message, null);
    }

    protected ProblemException(ProblemType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.body = type.problem(message);
    }

    public ProblemType type() {
        return type;
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return type.status();
    }

    @Override
    public ProblemDetail getBody() {
        return body;
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }
}
