package dev.sluice.exhash;

/**
 * A key {@link Exhash} cannot hash consistently across processes: {@code null}, a type it does
 * not support (where the seed raises {@code NotImplementedError}), or a {@code Set} whose elements
 * cannot be sorted. Integers of any size are supported, as in the seed. The message names the offending type and value,
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
