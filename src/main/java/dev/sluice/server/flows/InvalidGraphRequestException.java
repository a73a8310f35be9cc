package dev.sluice.server.flows;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;

/** A graph asked for in a format there is none of ({@code 400}). */
class InvalidGraphRequestException extends ProblemException {

    InvalidGraphRequestException(String message) {
        super(ProblemType.INVALID_REQUEST, message);
    }
}
