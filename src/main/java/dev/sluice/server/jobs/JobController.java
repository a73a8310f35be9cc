package dev.sluice.server.jobs;

import static dev.sluice.server.jobs.JobError.IDEMPOTENCY_KEY_IN_USE;
import static dev.sluice.server.jobs.JobError.IDEMPOTENCY_KEY_REUSED;
import static dev.sluice.server.jobs.JobError.INVALID_JOB_REQUEST;
import static dev.sluice.server.jobs.JobError.INVALID_LIST_REQUEST;
import static dev.sluice.server.jobs.JobError.START_UNAVAILABLE;
import static dev.sluice.server.jobs.JobError.TOO_MANY_JOBS;
import static dev.sluice.server.web.ApiError.NOT_ACCEPTABLE;
import static dev.sluice.server.web.ApiError.NOT_JSON;
import static dev.sluice.server.web.ApiError.NO_CLUSTER;
import static dev.sluice.server.web.ApiError.UNKNOWN_FLOW;

import dev.sluice.server.web.ApiDocs;
import dev.sluice.server.web.ApiErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The jobs, and one job as a whole: start, list, show, its progress, cancel. A job's http input and
 * output are {@link JobDataController}'s, its lifecycle verbs {@link JobLifecycleController}'s.
 */
@RestController
@JobsTag
class JobController {

    private final JobService jobs;
    private final JobListing listing;

    JobController(JobService jobs, JobListing listing) {
        this.jobs = jobs;
        this.listing = listing;
    }

    @Operation(
            operationId = "startJob",
            summary = "Start a job",
            description = "Runs the flow as a long-running Jet job. `input` and `output` are `{\"type\": \"http\"}` "
                    + "(fed with POST /jobs/{id}/input, read from GET /jobs/{id}/output) or "
                    + "`{\"type\": \"builder\", \"name\": …}` naming an input or output builder bean.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "Where the job's input comes from and its output goes; `http` for either when left out",
            content =
                    @Content(
                            mediaType = ApiDocs.JSON,
                            examples = {
                                @ExampleObject(
                                        name = "http",
                                        summary = "fed and read over HTTP",
                                        description =
                                                "Feed it with `POST /jobs/{id}/input`, read it with `GET /jobs/{id}/output`",
                                        value = ApiDocs.HTTP_JOB),
                                @ExampleObject(
                                        name = "builder",
                                        summary = "anomaly-detector fed by the steady-readings builder",
                                        description = "`POST /flows/anomaly-detector/jobs`",
                                        value = ApiDocs.BUILDER_JOB)
                            }))
    @ApiResponse(
            responseCode = "201",
            description = "Started; `Location` is the job",
            headers = @Header(name = "Location", description = "`/jobs/{id}`", schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "200",
            description = "A retry: the `Idempotency-Key` already started this job (from this flow and the same "
                    + "body), which is answered again and not started twice; `Location` is the job",
            headers = @Header(name = "Location", description = "`/jobs/{id}`", schema = @Schema(type = "string")))
    @JobErrors({INVALID_JOB_REQUEST, IDEMPOTENCY_KEY_IN_USE, TOO_MANY_JOBS, IDEMPOTENCY_KEY_REUSED, START_UNAVAILABLE})
    @ApiErrors({UNKNOWN_FLOW, NOT_JSON})
    @PostMapping(
            path = "/flows/{name}/jobs",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> start(
            @Parameter(description = "The flow's name", example = "anomaly-detector") @PathVariable String name,
            @Parameter(
                            name = IDEMPOTENCY_KEY,
                            description = "A key the client chooses (a UUID, say; 1 to 255 printable ASCII characters) "
                                    + "to make the start safe to retry: the cluster keeps it with the job, and a "
                                    + "request with a key already used gets that job (200) instead of a second one, "
                                    + "on any member. The same key with another flow or body is refused (422).",
                            example = "5b0f7c9e-4d2a-4f0b-9a57-1f2e3d4c5b6a")
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    String idempotencyKey,
            @RequestBody(required = false) JobRequest request) {
        JobStarter.Started started = jobs.start(name, request, idempotencyKey);
        URI location = UriComponentsBuilder.fromPath("/jobs/{id}")
                .buildAndExpand(started.job().id())
                .toUri();
        return started.created()
                ? ResponseEntity.created(location).body(started.job())
                : ResponseEntity.ok().location(location).body(started.job());
    }

    /** The header that makes a job start safe to retry (the IETF draft's name). */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Operation(
            operationId = "listJobs",
            summary = "List the jobs",
            description = "Every job of the cluster, newest first; or a page: `limit` jobs at most, only those in "
                    + "the `status`es asked for, only those older than the job `before` names. When more match, "
                    + "`Link` names the next page (`rel=\"next\"`).")
    @ApiResponse(
            responseCode = "200",
            description = "The jobs, newest first",
            headers =
                    @Header(
                            name = "Link",
                            description = "The next page, when there is one: `</jobs?limit=100&before={id}>; "
                                    + "rel=\"next\"`",
                            schema = @Schema(type = "string")))
    @JobErrors(INVALID_LIST_REQUEST)
    @ApiErrors(NOT_ACCEPTABLE)
    @GetMapping(path = "/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<JobView>> list(
            @Parameter(
                            description = "At most this many jobs, 1 to 1000 (default: all)",
                            example = "100",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000"))
                    @RequestParam(required = false)
                    Integer limit,
            @Parameter(
                            description = "Only jobs in these statuses, comma-separated (`RUNNING,SUSPENDED`): any of "
                                    + "`NOT_RUNNING`, `STARTING`, `RUNNING`, `SUSPENDING`, `SUSPENDED`, "
                                    + "`SUSPENDED_EXPORTING_SNAPSHOT`, `COMPLETING`, `CANCELLING`, `COMPLETED`, "
                                    + "`FAILED`, `CANCELLED`, `UNKNOWN`; or the parameter repeated")
                    @RequestParam(required = false)
                    List<String> status,
            @Parameter(
                            description = "Only jobs older than this one: the last job of the previous page",
                            example = "3f2c9a1b7d6e4c50")
                    @RequestParam(required = false)
                    String before) {
        JobListing.Page page = listing.list(limit, status, before);
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        if (page.more()) {
            UriComponentsBuilder next = UriComponentsBuilder.fromPath("/jobs").queryParam("limit", limit);
            if (status != null && !status.isEmpty()) {
                next.queryParam("status", String.join(",", status));
            }
            next.queryParam("before", page.jobs().get(page.jobs().size() - 1).id());
            answer.header("Link", "<" + next.build().toUriString() + ">; rel=\"next\"");
        }
        return answer.body(page.jobs());
    }

    @Operation(operationId = "getJob", summary = "Show a job")
    @ApiResponse(responseCode = "200", description = "The job")
    @GetMapping(path = "/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    JobView get(@JobId @PathVariable String id) {
        return jobs.get(id);
    }

    @Operation(
            operationId = "getJobProgress",
            summary = "Show a job's progress",
            description = "What the job has done, read from every member's workers when asked (not from Jet's "
                    + "metrics, which lag by a second): per step items in and out, keys held and the lowest open "
                    + "epoch; per input worker its position in the input; the input accepted and read (the lag "
                    + "is their difference); the output committed; the last snapshot. A job's figures count what "
                    + "its workers did since it started, so after a restart they include what was processed again.")
    @ApiResponse(
            responseCode = "200",
            description = "The job's progress",
            content =
                    @Content(
                            mediaType = ApiDocs.JSON,
                            schema = @Schema(implementation = JobProgress.class),
                            examples =
                                    @ExampleObject(
                                            name = "wordcount",
                                            summary = "a wordcount job whose input was closed after 3 lines",
                                            description = "Two members × 2 workers; every epoch is complete",
                                            value = JobProgress.EXAMPLE)))
    @ApiErrors(NO_CLUSTER)
    @GetMapping(path = "/jobs/{id}/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    JobProgress progress(@JobId @PathVariable String id) {
        return jobs.progress(id);
    }

    @Operation(
            operationId = "cancelJob",
            summary = "Cancel a job",
            description = "Cancels a job that runs: its http input closes, and it reads `CANCELLING` until it has "
                    + "stopped and `CANCELLED` after (202); it is kept for `sluice.jobs.retention` after it has "
                    + "ended. A job that has ended (`COMPLETED`, `FAILED`, `CANCELLED`) is removed now, with its input "
                    + "and output (204); it is unknown after (404).")
    @ApiResponse(
            responseCode = "202",
            description = "The job ran and is being cancelled: `CANCELLING` (or already " + "`CANCELLED`)")
    @ApiResponse(responseCode = "204", description = "The job had ended; it is removed, with all its data")
    @DeleteMapping(path = "/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> cancel(@JobId @PathVariable String id) {
        JobService.Cancel cancel = jobs.cancel(id);
        return cancel.cancelling()
                ? ResponseEntity.status(HttpStatus.ACCEPTED).body(cancel.job())
                : ResponseEntity.noContent().build();
    }
}
