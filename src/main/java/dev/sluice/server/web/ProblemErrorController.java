package dev.sluice.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of the servlet container as an RFC 9457 problem, in place of Spring Boot's
 * {@code BasicErrorController} (whose JSON is not a problem, and which answered a request for
 * {@code /error} itself {@code 500} with status {@code 999}). Errors that never reach a Spring
 * handler come here: a path the container keeps to itself ({@code /WEB-INF/…}), a method it refuses
 * ({@code TRACE}), a {@code sendError} from a filter. A direct request for the error path is a
 * {@code 404}, as for any path the service does not serve.
 *
 * <p>Always written as {@code application/problem+json}, whatever the request's {@code Accept}
 * says: an error must not turn into an empty answer because the client accepts only something else.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String original ? original : request.getRequestURI();
        int status = code instanceof Integer given && given >= 400 ? given : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem = ProblemType.forStatus(status, detail(status, request, response, path));
        problem.setInstance(URI.create(path));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String detail(int status, HttpServletRequest request, HttpServletResponse response, String path) {
        String allowed = response.getHeader(HttpHeaders.ALLOW);
        return switch (status) {
            case 404 -> "there is no resource at " + path;
            // the error dispatch is a GET whatever the request's method was
            case 405 ->
                "the request's method is not allowed on " + path
                        + (allowed != null && !allowed.isBlank() ? "; allowed: " + allowed : "");
            case 500 -> "the service failed unexpectedly; see the member's log";
            default -> {
                Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
                yield message instanceof String text && !text.isBlank() ? text : ProblemType.titleOf(status);
            }
        };
    }
}
