package dev.sluice.server.runs;

/** A run request whose parameters are out of range ({@code 400}). */
public class RunRequestException extends RuntimeException {

    public RunRequestException(String message) {
        super(message);
    }
}
