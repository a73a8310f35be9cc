package dev.sluice.testing;

import dev.sluice.cluster.ParentWatch;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.server.SluiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A service member for tests, as {@link SluiceApplication} with one more flow, {@code gated}: it passes
 * its string items on unchanged, but each worker's first item waits at a gate made of files in the
 * directory of the {@code sluice.test.gate} system property. Arriving there creates
 * {@code arrived-<pid>}; the gate opens when a file {@code open} appears. So a test holds a run in flight
 * across member JVMs for as long as it needs, without timing: every run is a Jet light job on every
 * member here ({@code sluice.run.in-process-max-items=0}), however small.
 */
public final class GatedMember {

    /** The system property naming the gate's directory. */
    public static final String GATE_PROPERTY = "sluice.test.gate";

    private GatedMember() {}

    public static void main(String[] args) {
        if (Boolean.getBoolean(SluiceApplication.EXIT_WITH_PARENT_PROPERTY)) {
            ParentWatch.exitWithParent();
        }
        String[] withLightJobs = new String[args.length + 1];
        withLightJobs[0] = "--sluice.run.in-process-max-items=0";
        System.arraycopy(args, 0, withLightJobs, 1, args.length);
        SpringApplication.run(new Class<?>[] {SluiceApplication.class, GatedFlow.class}, withLightJobs);
    }

    @Configuration(proxyBeanMethods = false)
    public static class GatedFlow {
        @Bean("gated")
        Dataflow<String, ?> gated() {
            return Dataflow.input(String.class).inspect(item -> pass()).capture();
        }
    }

    /** Waits at the gate, once it was created, until it opens. */
    static void pass() {
        Path gate = Path.of(System.getProperty(GATE_PROPERTY));
        try {
            Files.createFile(gate.resolve("arrived-" + ProcessHandle.current().pid()));
        } catch (FileAlreadyExistsException e) {
            // another worker of this member arrived first
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (!Files.exists(gate.resolve("open"))) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
