package dev.sluice.server.jobs;

import static dev.sluice.server.jobs.JobError.INPUT_BACKLOG_FULL;
import static dev.sluice.server.jobs.JobError.INPUT_REFUSED;
import static dev.sluice.server.jobs.JobError.INVALID_OUTPUT_REQUEST;
import static dev.sluice.server.jobs.JobError.INVALID_PAIRS;
import static dev.sluice.server.jobs.JobError.NOT_AN_HTTP_INPUT;
import static dev.sluice.server.jobs.JobError.OUTPUT_GONE;
import static dev.sluice.server.web.ApiError.BODY_TOO_LARGE;
import static dev.sluice.server.web.ApiError.NOT_JSON;
import static dev.sluice.server.web.InputExample.ANOMALY_PAIRS;
import static dev.sluice.server.web.InputExample.WORDCOUNT_PAIRS;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import dev.sluice.server.json.PairReader;
import dev.sluice.server.web.ApiDocs;
import dev.sluice.server.web.ApiErrors;
import dev.sluice.server.web.InputBody;
import dev.sluice.server.web.Negotiation;
import dev.sluice.server.web.RequestBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;

/** A job's http input and output: feed it, close its input, read its output as it comes. */
@RestController
@JobsTag
class JobDataController {

    private static final int READ_BATCH = 1000;
    private static final long FOLLOW_POLL_MILLIS = 25;
    private static final long KEEPALIVE_NANOS = 15_000_000_000L;

    private final JobService jobs;
    private final PairReader reader;
    private final long maxRequestBytes;
    private final long maxInputBacklog;
    private final ObjectWriter pairWriter;

    JobDataController(JobService jobs, PairReader reader, SluiceProperties properties, ObjectMapper mapper) {
        this.jobs = jobs;
        this.reader = reader;
        this.maxRequestBytes = properties.run().maxRequestBytes().toBytes();
        this.maxInputBacklog = properties.jobs().maxInputBacklog().toBytes();
        this.pairWriter = mapper.writerFor(EpochItem.class);
    }

    @Operation(
            operationId = "feedJobInput",
            summary = "Feed a job's http input",
            description = "The body is `[[epoch, item], …]`. It is ordered by epoch, and refused whole with 409 if it "
                    + "holds an epoch below the highest one already accepted. Durable once acknowledged (202). "
                    + "Refused with 429 while the job holds `sluice.jobs.max-input-backlog` bytes of input its "
                    + "workers have not passed for good (read, and with a guarantee committed in a snapshot).")
    @InputBody(
            value = {ANOMALY_PAIRS, WORDCOUNT_PAIRS},
            sentTo = "For a job of `{flow}`")
    @ApiResponse(responseCode = "202", description = "Accepted, and durable in the cluster")
    @JobErrors({INVALID_PAIRS, INPUT_REFUSED, INPUT_BACKLOG_FULL})
    @ApiErrors({BODY_TOO_LARGE, NOT_JSON})
    @PostMapping(
            path = "/jobs/{id}/input",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    InputAccepted input(@JobId @PathVariable String id, HttpServletRequest request) {
        var flow = jobs.flowOf(id);
        jobs.store().requireRoom(id, request.getContentLengthLong(), maxInputBacklog);
        CountedBody body = new CountedBody(RequestBodies.limited(request, maxRequestBytes));
        List<EpochItem<Object>> pairs = reader.readPairs(body, flow.inputType());
        JobStore.InputLog log = jobs.appendInput(id, pairs, body.count());
        return new InputAccepted(pairs.size(), log.items(), log.highestEpoch(), log.closed());
    }

    @Operation(
            operationId = "closeJobInput",
            summary = "Close a job's http input",
            description = "No more input: the job finishes its epochs and completes.")
    @ApiResponse(responseCode = "202", description = "Closed")
    @JobErrors(NOT_AN_HTTP_INPUT)
    @PostMapping(path = "/jobs/{id}/input/close", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    InputAccepted close(@JobId @PathVariable String id) {
        JobStore.InputLog log = jobs.closeInput(id);
        return new InputAccepted(0, log.items(), log.highestEpoch(), log.closed());
    }

    /**
     * What a job's http input holds after a request.
     *
     * @param accepted pairs accepted from this request
     * @param items pairs accepted in all
     * @param highestEpoch the highest epoch accepted, -1 before any
     * @param closed whether the input is closed
     */
    @Schema(description = "What a job's http input holds after a request")
    record InputAccepted(
            @Schema(description = "Pairs accepted from this request", example = "3", requiredMode = REQUIRED)
            int accepted,

            @Schema(
                    description = "Pairs accepted in all, over every request so far (the job's `countIn`)",
                    example = "10",
                    requiredMode = REQUIRED)
            long items,

            @Schema(
                    description = "The highest epoch accepted so far, -1 before any; a later body may not go below it",
                    example = "2",
                    requiredMode = REQUIRED)
            long highestEpoch,

            @Schema(description = "Whether the input is closed (it takes no more pairs)", requiredMode = REQUIRED)
            boolean closed) {}

    @Operation(
            operationId = "readJobOutput",
            summary = "Read a job's http output",
            description =
                    "Captured pairs from offset `from` on, one `[epoch, item]` per line (NDJSON), or as server-sent "
                            + "events whose `id` is the offset (`Accept: text/event-stream`). Follows the output live while "
                            + "the job runs, and ends when the job has ended and everything was sent. Reconnect with the next "
                            + "offset to miss nothing. The job keeps a window of its output (`outputRetention`): an "
                            + "offset below it is gone (410, naming the first offset kept).")
    @ApiResponse(
            responseCode = "200",
            description = "The pairs from `from` on, as they come",
            content = {
                @Content(
                        mediaType = ApiDocs.NDJSON,
                        schema = @Schema(ref = ApiDocs.PAIR_REF),
                        examples =
                                @ExampleObject(
                                        name = "wordcount",
                                        description = "A wordcount job's output",
                                        value = ApiDocs.WORDCOUNT_OUTPUT_NDJSON)),
                @Content(
                        mediaType = ApiDocs.EVENT_STREAM,
                        schema = @Schema(ref = ApiDocs.PAIR_REF),
                        examples =
                                @ExampleObject(
                                        name = "wordcount",
                                        description = "A wordcount job's output",
                                        value = ApiDocs.WORDCOUNT_OUTPUT_EVENTS))
            })
    @JobErrors({INVALID_OUTPUT_REQUEST, OUTPUT_GONE})
    @GetMapping(
            path = "/jobs/{id}/output",
            produces = {ApiDocs.NDJSON, ApiDocs.EVENT_STREAM})
    void output(
            @JobId @PathVariable String id,
            @Parameter(description = "The first offset to send") @RequestParam(defaultValue = "0") long from,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        if (from < 0) {
            throw new InvalidJobRequestException("from must be a non-negative offset, got " + from);
        }
        if (!jobs.recordOf(id).output().isHttp()) {
            throw new InvalidJobRequestException("job '" + id + "' writes its output to "
                    + jobs.recordOf(id).output().describe() + ", not to HTTP");
        }
        long first = jobs.store().firstOutput(id);
        if (from < first) {
            throw new JobExceptions.OutputGoneException(id, from, first);
        }
        MediaType answer = Negotiation.chosen(request);
        boolean events = answer.isCompatibleWith(MediaType.TEXT_EVENT_STREAM);
        response.setContentType(answer.toString());
        response.setHeader("Cache-Control", "no-store");
        // Written straight to the response, flushed batch by batch: a reader sees pairs as they come.
        response.flushBuffer();
        follow(id, from, events, response.getOutputStream());
    }

    private void follow(String id, long from, boolean events, OutputStream out) throws IOException {
        JobStore store = jobs.store();
        long offset = from;
        long lastWrite = System.nanoTime();
        while (true) {
            long available = store.outputCount(id);
            if (offset < available) {
                long to = Math.min(available, offset + READ_BATCH);
                for (EpochItem<Object> pair : store.output(id, offset, to)) {
                    byte[] json = pairWriter.writeValueAsBytes(pair);
                    if (events) {
                        out.write(("id: " + offset + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
                        out.write(json);
                        out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(json);
                        out.write('\n');
                    }
                    offset++;
                }
                out.flush();
                lastWrite = System.nanoTime();
                continue;
            }
            if (events && System.nanoTime() - lastWrite > KEEPALIVE_NANOS) {
                // An SSE comment: keeps proxies from closing an idle stream, and shows when the reader left.
                out.write(": keepalive\n\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                lastWrite = System.nanoTime();
            }
            if (jobs.isFinished(id) && store.outputCount(id) <= offset) {
                return;
            }
            try {
                Thread.sleep(FOLLOW_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped following the output of job " + id);
            }
        }
    }
}
