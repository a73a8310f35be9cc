package dev.sluice.server.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.dataflow.EpochItem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * How a Kafka input gives its records epochs.
 *
 * <ul>
 *   <li>{@code by: timestamp}: {@code floor((timestamp - startMillis) / lengthMillis)}, the seed's
 *       {@code tumblingEpoch} over the record's Kafka timestamp (0 for a record before
 *       {@code startMillis}). Default: 1000 ms epochs from the Unix epoch, so that the same records
 *       get the same epochs in every job.</li>
 *   <li>{@code by: offset}: {@code floor(offset / records)}: every {@code records} offsets of a
 *       partition are one epoch, the same epochs in every job that reads the same records. An offset is
 *       a record, except in a topic written in transactions (another exactly-once job's output, say),
 *       where each commit marker takes an offset too, and an aborted record one that a
 *       {@code read_committed} reader skips: there an epoch holds up to {@code records} records.</li>
 * </ul>
 * Either way progress is the watermark over all partitions ({@link KafkaJobInput}).
 *
 * @param by {@code timestamp} (the default) or {@code offset}
 * @param lengthMillis for {@code timestamp}: an epoch's length
 * @param startMillis for {@code timestamp}: when epoch 0 starts, epoch milliseconds
 * @param records for {@code offset}: the records of a partition in one epoch
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        description = "How a Kafka input's records get their epochs: by their timestamp (the default) or by their "
                + "offset in the partition",
        example = "{\"by\": \"offset\", \"records\": 100}")
public record KafkaEpochs(
        @Schema(
                description = "`timestamp` (the default): floor((record timestamp - startMillis) / lengthMillis); "
                        + "`offset`: floor(offset / records), per partition: every `records` offsets of a partition are one "
                        + "epoch",
                allowableValues = {"timestamp", "offset"},
                example = "timestamp")
        String by,

        @Schema(description = "For `timestamp`: an epoch's length in milliseconds (default 1000)", example = "1000")
        Long lengthMillis,

        @Schema(
                description = "For `timestamp`: when epoch 0 starts, in epoch milliseconds (default 0); earlier "
                        + "records are in epoch 0",
                example = "0")
        Long startMillis,

        @Schema(
                description = "For `offset`: how many offsets of a partition make one epoch, at least 1. An offset "
                        + "is a record, but in a topic written in transactions commit markers take offsets too, so "
                        + "there an epoch holds up to this many records",
                example = "100")
        Long records)
        implements Serializable {

    public static final String TIMESTAMP = "timestamp";
    public static final String OFFSET = "offset";
    static final long DEFAULT_LENGTH_MILLIS = 1000;

    /** The default: by timestamp, 1000 ms epochs from the Unix epoch. */
    public static final KafkaEpochs DEFAULT = new KafkaEpochs(TIMESTAMP, DEFAULT_LENGTH_MILLIS, 0L, null);

    /**
     * These epochs checked, with their defaults filled in.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public KafkaEpochs checked() {
        String kind = by == null ? TIMESTAMP : by;
        if (TIMESTAMP.equals(kind)) {
            if (records != null) {
                throw new IllegalArgumentException(
                        "epochs.records is for \"by\": \"offset\"; by timestamp an epoch " + "is lengthMillis long");
            }
            long length = lengthMillis == null ? DEFAULT_LENGTH_MILLIS : lengthMillis;
            if (length < 1) {
                throw new IllegalArgumentException("epochs.lengthMillis must be at least 1, got " + length);
            }
            long start = startMillis == null ? 0 : startMillis;
            if (start < 0) {
                throw new IllegalArgumentException("epochs.startMillis must not be negative, got " + start);
            }
            return new KafkaEpochs(TIMESTAMP, length, start, null);
        }
        if (OFFSET.equals(kind)) {
            if (lengthMillis != null || startMillis != null) {
                throw new IllegalArgumentException("epochs.lengthMillis and startMillis are for \"by\": \"timestamp\"; "
                        + "by offset give epochs.records");
            }
            if (records == null || records < 1) {
                throw new IllegalArgumentException("epochs \"by\": \"offset\" needs \"records\", the records of a "
                        + "partition in one epoch, at least 1" + (records == null ? "" : ", got " + records));
            }
            return this;
        }
        throw new IllegalArgumentException("epochs.by must be \"timestamp\" or \"offset\", got \"" + by + "\"");
    }

    /** The epoch of a record (of checked epochs). */
    long epochOf(long offset, long timestamp) {
        long epoch = OFFSET.equals(by) ? offset / records : Math.floorDiv(timestamp - startMillis, lengthMillis);
        return Math.min(Math.max(epoch, 0), EpochItem.MAX_EPOCH);
    }
}
