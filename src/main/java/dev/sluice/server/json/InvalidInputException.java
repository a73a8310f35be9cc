package dev.sluice.server.json;

/**
 * A request body that is not what the endpoint takes ({@code 400}): malformed JSON, a pair that is not
 * {@code [non-negative integer, item]}, an item that does not convert to the flow's input type. The
 * message says where and what.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
