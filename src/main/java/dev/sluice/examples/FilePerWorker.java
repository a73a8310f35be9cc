package dev.sluice.examples;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An output builder that appends each worker's captured pairs to a file of its own,
 * {@code worker-<index>.txt} in a directory, one {@code epoch<TAB>item} line per pair: the seed's
 * manual-cluster example's output, and a pattern for any sink that needs one connection per worker.
 * The file is flushed when the worker ends.
 *
 * <p>Served as the output builder bean {@code file-per-worker}, writing under
 * {@code sluice.examples.output-dir} (default: {@code sluice-output} in the temporary directory).
 */
public final class FilePerWorker implements OutputBuilderFn {

    private final String directory;

    public FilePerWorker(Path directory) {
        this.directory = directory.toString();
    }

    /** The file worker {@code workerIndex} writes. */
    public Path fileOf(int workerIndex) {
        return Path.of(directory, "worker-" + workerIndex + ".txt");
    }

    @Override
    public OutputFn build(int workerIndex, int workerCount) throws IOException {
        Files.createDirectories(Path.of(directory));
        BufferedWriter writer = Files.newBufferedWriter(
                fileOf(workerIndex), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new OutputFn() {
            @Override
            public void accept(EpochItem<Object> pair) throws IOException {
                writer.write(pair.epoch() + "\t" + pair.item());
                writer.newLine();
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }
}
