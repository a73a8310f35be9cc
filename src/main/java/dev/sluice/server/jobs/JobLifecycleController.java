package dev.sluice.server.jobs;

import static dev.sluice.server.jobs.JobError.CANNOT_RESTART;
import static dev.sluice.server.jobs.JobError.CANNOT_RESUME;
import static dev.sluice.server.jobs.JobError.CANNOT_SUSPEND;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A running job's lifecycle verbs: suspend, resume, restart ({@link JobLifecycle}). */
@RestController
@JobsTag
class JobLifecycleController {

    private final JobLifecycle lifecycle;

    JobLifecycleController(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Operation(
            operationId = "suspendJob",
            summary = "Suspend a job",
            description = "Jet takes a terminal snapshot and stops the job: it reads `SUSPENDING`, then `SUSPENDED`, "
                    + "and holds no worker and no thread. Its http input still takes bodies, which it reads on resume; "
                    + "its output stays readable. Needs a processing guarantee (without snapshots a resume would start "
                    + "over). Suspending a job that is `SUSPENDING` or `SUSPENDED` changes nothing (200).")
    @ApiResponse(responseCode = "202", description = "Being suspended: `SUSPENDING` (or already `SUSPENDED`)")
    @ApiResponse(responseCode = "200", description = "It was `SUSPENDING` or `SUSPENDED` already; nothing changed")
    @JobErrors(CANNOT_SUSPEND)
    @PostMapping(path = "/jobs/{id}/suspend", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> suspend(@JobId @PathVariable String id) {
        return answer(lifecycle.suspend(id));
    }

    @Operation(
            operationId = "resumeJob",
            summary = "Resume a suspended job",
            description = "Starts a `SUSPENDED` job again from its terminal snapshot: it reads `STARTING`, then "
                    + "`RUNNING`, and reads on where it stopped, the input that came meanwhile too; nothing is lost or "
                    + "repeated. Resuming a job that runs changes nothing (200).")
    @ApiResponse(responseCode = "202", description = "Resuming: `STARTING` (or already `RUNNING`)")
    @ApiResponse(responseCode = "200", description = "It was running already; nothing changed")
    @JobErrors(CANNOT_RESUME)
    @PostMapping(path = "/jobs/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> resume(@JobId @PathVariable String id) {
        return answer(lifecycle.resume(id));
    }

    @Operation(
            operationId = "restartJob",
            summary = "Restart a job",
            description = "Stops a `RUNNING` job and starts it again from its last snapshot, on the members there are "
                    + "now (to spread it over members that joined, say): it reads `COMPLETING` (Jet's status while it "
                    + "stops), then `STARTING` and `RUNNING`; nothing is lost or repeated. Needs a processing "
                    + "guarantee.")
    @ApiResponse(responseCode = "202", description = "Restarting: `COMPLETING` while it stops, then `STARTING`")
    @JobErrors(CANNOT_RESTART)
    @PostMapping(path = "/jobs/{id}/restart", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> restart(@JobId @PathVariable String id) {
        return answer(lifecycle.restart(id));
    }

    private static ResponseEntity<JobView> answer(JobLifecycle.Transition transition) {
        return ResponseEntity.status(transition.changed() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(transition.job());
    }
}
