package dev.sluice.exhash;

/**
 * A key {@link Exhash} cannot hash consistently across processes (the seed raises {@code
 * NotImplementedError} or {@code OverflowError}). The message names the offending type and value,
 * the key it was found in when it is nested, the types that are supported and how to fix the key.
 */
public class UnsupportedKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the whole message: what was refused, why, and what to do instead
     */
    public UnsupportedKeyException(String message) {
        super(message);
    }
}
