package dev.sluice.server.runs;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;

/** A run request whose parameters are out of range ({@code 400}). */
class RunRequestException extends ProblemException {

    RunRequestException(String message) {
        super(ProblemType.INVALID_REQUEST, message);
    }
}
