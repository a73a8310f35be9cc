package dev.sluice.server.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report for requests it refuses itself, before they reach Spring (a path with an
 * encoded {@code /}, {@code \} or NUL, a path that is not UTF-8, headers too large, …): an RFC 9457
 * problem like every other error of the service, instead of Tomcat's HTML page. Installed as the
 * host's error report valve by {@code TomcatConfiguration}.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as ErrorReportValve: only errors, only when nothing was written, only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = response.getMessage();
        ProblemDetail generic = ProblemType.forStatus(status, "");
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", generic.getType().toString());
        problem.put("title", generic.getTitle());
        problem.put("status", status);
        problem.put(
                "detail",
                "the web server refused the request before the service saw it: "
                        + (message != null && !message.isBlank() ? message : generic.getTitle()));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JsonMapper.shared().writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
