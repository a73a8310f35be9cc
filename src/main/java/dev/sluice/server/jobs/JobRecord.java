package dev.sluice.server.jobs;

import java.io.Serializable;

/**
 * What the cluster remembers of a job, in the {@value JobStore#JOBS} map, so that every member can
 * answer for it; never a response body ({@link JobView} is). Its status lives in Jet and is read when
 * asked.
 *
 * @param id the job's ID in paths
 * @param flow the flow's name
 * @param jetJobId the Jet job running it
 * @param input where its input comes from (a kafka endpoint with its properties masked)
 * @param output where its output goes (likewise)
 * @param processes the members when it started
 * @param workersPerProcess workers on each member
 * @param submittedAt when it was started, in epoch milliseconds
 * @param processingGuarantee what it keeps through a restart
 * @param snapshotIntervalMillis how often it takes a snapshot; 0 without a guarantee
 * @param idempotencyKey the client's {@code Idempotency-Key} it was started with, or null
 * @param outputRetention how much of its http output is kept
 */
record JobRecord(
        String id,
        String flow,
        long jetJobId,
        Endpoint input,
        Endpoint output,
        int processes,
        int workersPerProcess,
        long submittedAt,
        ProcessingGuarantee processingGuarantee,
        long snapshotIntervalMillis,
        String idempotencyKey,
        OutputWindow outputRetention)
        implements Serializable {}
