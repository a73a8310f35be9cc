package dev.sluice.server.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.util.Arrays;

/**
 * What a job keeps through a restart (README, "What is guaranteed"): each is one of Jet's, and is
 * named on the wire as {@link #wireName()}.
 */
enum ProcessingGuarantee {
    /** Snapshots, replayed input, output committed with snapshots: nothing lost or repeated. */
    EXACTLY_ONCE("exactly-once", com.hazelcast.jet.config.ProcessingGuarantee.EXACTLY_ONCE),
    /** The same without aligned snapshots: after a restart some input may be processed twice. */
    AT_LEAST_ONCE("at-least-once", com.hazelcast.jet.config.ProcessingGuarantee.AT_LEAST_ONCE),
    /** No snapshots: a restart starts over with empty state. */
    NONE("none", com.hazelcast.jet.config.ProcessingGuarantee.NONE);

    private final String wireName;
    private final com.hazelcast.jet.config.ProcessingGuarantee jet;

    ProcessingGuarantee(String wireName, com.hazelcast.jet.config.ProcessingGuarantee jet) {
        this.wireName = wireName;
        this.jet = jet;
    }

    /** The guarantee a request names, or a {@code 400} that lists the names. */
    static ProcessingGuarantee named(String name) {
        return Arrays.stream(values())
                .filter(guarantee -> guarantee.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidJobRequestException("processingGuarantee must be \"exactly-once\", "
                        + "\"at-least-once\" or \"none\", got \"" + name + "\""));
    }

    @JsonValue
    String wireName() {
        return wireName;
    }

    com.hazelcast.jet.config.ProcessingGuarantee jet() {
        return jet;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
