package dev.sluice.server.runs;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;

/** A run this member has no room for now ({@code 429}, with {@code Retry-After}). */
final class TooManyRunsException extends ProblemException {

    static final int RETRY_AFTER_SECONDS = 1;

    TooManyRunsException(String message) {
        super(ProblemType.TOO_MANY_RUNS, message);
        getHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
}
