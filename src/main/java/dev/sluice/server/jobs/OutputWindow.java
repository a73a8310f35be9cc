package dev.sluice.server.jobs;

import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * How much of a job's http output is kept: the last {@code count} pairs, and of those only the ones
 * committed within {@code ageMillis}. A reader asking for an offset below the window gets {@code 410}
 * naming the first offset kept. In a request a field left out takes the default of
 * {@code sluice.jobs.output-retention}; in a job view both are set. 0 means no limit of that kind.
 *
 * @param count the most pairs kept, 0 for any number
 * @param ageMillis how long a pair is kept after it was committed, 0 for any time
 */
@Schema(description = "How much of a job's http output is kept (its window); older offsets answer 410")
record OutputWindow(
        @Schema(
                description = "The most pairs kept: the last ones; 0 for any number (default: "
                        + "sluice.jobs.output-retention.count, 100000)",
                nullable = true,
                example = "10000")
        Long count,

        @Schema(
                description = "Milliseconds a pair is kept after it was committed; 0 for any time (default: "
                        + "sluice.jobs.output-retention.age, 0)",
                nullable = true,
                example = "3600000")
        Long ageMillis)
        implements Serializable {

    /** The window a job gets: as asked, each field left out from the defaults. */
    static OutputWindow of(OutputWindow asked, SluiceProperties.OutputRetention defaults) {
        Long count = asked == null ? null : asked.count();
        Long age = asked == null ? null : asked.ageMillis();
        if (count != null && count < 0) {
            throw new InvalidJobRequestException(
                    "outputRetention.count must not be negative (0 keeps any number of " + "pairs), got " + count);
        }
        if (age != null && age < 0) {
            throw new InvalidJobRequestException(
                    "outputRetention.ageMillis must not be negative (0 keeps pairs of any age), got " + age);
        }
        return new OutputWindow(
                count != null ? count : defaults.count(),
                age != null ? age : defaults.age().toMillis());
    }

    /** The first offset to keep of {@code next}, by count alone. */
    long firstByCount(long next) {
        return count == null || count == 0 ? 0 : Math.max(0, next - count);
    }

    boolean hasAge() {
        return ageMillis != null && ageMillis > 0;
    }
}
