package dev.sluice.testing;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Records what step functions saw in a file, so that a test can read side effects wherever the
 * functions ran: in this JVM, in a copy deserialized by an engine, or in another process on this
 * machine. Each record is one line, appended with a single write (atomic for short lines).
 */
public final class SideEffects implements Serializable {

    private final String path;

    private SideEffects(Path path) {
        this.path = path.toString();
    }

    /** A new, empty record file in a temporary directory. */
    public static SideEffects create() {
        try {
            Path file = Files.createTempFile("sluice-side-effects", ".txt");
            file.toFile().deleteOnExit();
            return new SideEffects(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one record. */
    public void record(Object value) {
        try {
            Files.write(
                    Path.of(path),
                    (value + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.APPEND,
                    StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record so far, in the order written. */
    public List<String> records() {
        try {
            return Files.readAllLines(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
