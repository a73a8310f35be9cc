package dev.sluice.server.json;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;

/**
 * A request body that is not what the endpoint takes ({@code 400}): malformed JSON, a pair that is not
 * {@code [non-negative integer, item]}, an item that does not convert to the flow's input type. The
 * message says where and what.
 */
class InvalidInputException extends ProblemException {

    InvalidInputException(String message) {
        super(ProblemType.INVALID_INPUT, message);
    }

    InvalidInputException(String message, Throwable cause) {
        super(ProblemType.INVALID_INPUT, message, cause);
    }
}
