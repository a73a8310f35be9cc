package dev.sluice.server.jobs;

import java.io.Serializable;

/**
 * What retention left of a job's http input, in the map {@value #MAP} (beside the input log, under
 * the same lock): the batches below {@code firstBatch} are gone, dropped once every input worker had
 * passed them for good ({@link InputTrimmer}).
 *
 * @param firstBatch the first batch still kept
 * @param firstItem the index of its first item: every item below it was dropped
 * @param acceptedBytes the request body bytes of every batch accepted
 * @param droppedBytes the request body bytes of the batches dropped
 */
record InputKept(long firstBatch, long firstItem, long acceptedBytes, long droppedBytes) implements Serializable {

    static final String MAP = "sluice.job-input-kept";

    static final InputKept NONE = new InputKept(0, 0, 0, 0);

    /** Bytes accepted and not dropped yet: what the job's input holds in the cluster. */
    long backlogBytes() {
        return acceptedBytes - droppedBytes;
    }
}
