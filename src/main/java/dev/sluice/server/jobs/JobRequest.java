package dev.sluice.server.jobs;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a job request asks for: the body of {@code POST /flows/{name}/jobs} ({@link JobStarter}). */
record JobRequest(
        @Schema(description = "Where the input comes from (default `http`)")
        Endpoint input,

        @Schema(description = "Where the output goes (default `http`)")
        Endpoint output,

        @Schema(description = "Workers on each member (default: sluice.workers-per-process)", example = "2")
        Integer workersPerProcess,

        @Schema(
                description = "What survives a member's loss: `exactly-once` (the default for an http or kafka input: "
                        + "snapshots, replayed input, output committed with snapshots), `at-least-once` (the same "
                        + "without aligning snapshots: after a restart some input may be processed twice), or `none` (a restart "
                        + "starts over; the default, and the only choice, for an input builder that cannot replay)",
                allowableValues = {"exactly-once", "at-least-once", "none"},
                example = "exactly-once")
        String processingGuarantee,

        @Schema(
                description = "Milliseconds between snapshots, 100 to 3600000 (default: "
                        + "sluice.jobs.snapshot-interval). Http output becomes visible at this pace, and once its input "
                        + "is closed a job completes at its next snapshot",
                example = "1000")
        Long snapshotIntervalMillis,

        @Schema(description = "How much of the http output is kept (default: sluice.jobs.output-retention)")
        OutputWindow outputRetention) {}
