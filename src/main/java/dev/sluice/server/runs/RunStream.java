package dev.sluice.server.runs;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.web.ProblemType;
import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/**
 * A finite run's output written as NDJSON while the run goes on ({@code Accept: application/x-ndjson}):
 * each batch of captured pairs as lines, flushed, as the workers hand it over, so the run holds only
 * what is in flight rather than its whole output.
 *
 * <p>A run that fails before its first line is answered as any failed run: the problem, with its
 * status. One that fails after it (a step throws later, the cluster changes) cannot change the
 * {@code 200} any more: its last line is then the problem, a JSON object where every other line is a
 * {@code [epoch, item]} array, and the pairs before it are what was captured until then.
 *
 * <p>Each batch is flushed through the servlet response ({@code flushBuffer}), not through the stream:
 * since Spring Framework 7.0.6 the stream a {@code StreamingResponseBody} writes to ignores
 * {@code flush()} (unless the JVM-wide {@code spring.http.response.flush.enabled} flag is set), so the
 * lines would wait in Tomcat's 8 KiB buffer, and the last of them until the run ended.
 */
final class RunStream {

    private static final Logger log = LoggerFactory.getLogger(RunStream.class);

    private final OutputStream out;
    private final Flushable response;
    private final ObjectWriter lines;
    private final ObjectWriter problems;
    private boolean started;

    /**
     * @param out the body
     * @param response sends what has been written to the client: the servlet response's {@code flushBuffer}
     * @param lines writes pairs, one per line (a root value separator of {@code "\n"})
     * @param problems writes a problem's map as JSON
     */
    RunStream(OutputStream out, Flushable response, ObjectWriter lines, ObjectWriter problems) {
        this.out = out;
        this.response = response;
        this.lines = lines;
        this.problems = problems;
    }

    /** Writes a batch of pairs as lines and flushes them to the client. */
    void write(List<EpochItem<Object>> batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 24);
        try (SequenceWriter pairs = lines.writeValues(bytes)) {
            pairs.writeAll(batch);
        }
        bytes.write('\n');
        try {
            bytes.writeTo(out);
            response.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        started = true;
    }

    /**
     * Ends the stream with the run's failure: thrown again while nothing has been written (the answer is
     * then the problem), else written as the last line. A client that went away is thrown again as the
     * {@link IOException} it was.
     *
     * @param path the request's path, the problem's {@code instance}
     */
    void fail(RuntimeException failure, String path) throws IOException {
        if (failure instanceof UncheckedIOException gone) {
            throw gone.getCause();
        }
        if (!started) {
            throw failure;
        }
        ProblemDetail problem;
        if (failure instanceof ErrorResponse response) {
            problem = response.getBody();
        } else {
            log.error("A streamed run failed unexpectedly after part of its output was sent", failure);
            problem = ProblemType.INTERNAL.problem("the service failed unexpectedly; see the member's log");
        }
        out.write(problems.writeValueAsBytes(asMap(problem, path)));
        out.write('\n');
        response.flush();
    }

    /** A problem as its JSON members, its properties beside the standard ones (RFC 9457). */
    private static Map<String, Object> asMap(ProblemDetail problem, String path) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        members.put("detail", problem.getDetail());
        members.put("instance", path);
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
