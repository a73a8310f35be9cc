package dev.sluice.dataflow;

/**
 * A dataflow that cannot run as defined: a missing function, a function that cannot be serialized,
 * no capture step. The seed raises {@code ValueError} for these; the message names the step and
 * the fix.
 */
public class InvalidDataflowException extends IllegalArgumentException {

    public InvalidDataflowException(String message) {
        super(message);
    }

    public InvalidDataflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
