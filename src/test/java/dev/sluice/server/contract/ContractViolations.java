package dev.sluice.server.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The responses that broke the document, as {@link ContractCheckExtension} reads them after each test:
 * those of this JVM's services, and those of service members in child JVMs, which append theirs, one a
 * line, to the file {@value #REPORT_PROPERTY} names ({@link #file()}, passed on by {@code ServiceCluster}).
 */
public final class ContractViolations {

    /** Turns the check on (the tests' surefire configuration sets it; benchmarks do not). */
    public static final String ENABLED_PROPERTY = "sluice.test.openapi-contract";

    /** Where a child JVM reports what it found, rather than keeping it. */
    public static final String REPORT_PROPERTY = "sluice.test.openapi-contract.report-to";

    private static final ConcurrentLinkedQueue<String> FOUND = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    /** Responses found still open after a wait: not waited for again. */
    private static int leftOpen;

    private static long fileRead;
    private static Path file;

    private ContractViolations() {}

    public static boolean enabled() {
        return Boolean.getBoolean(ENABLED_PROPERTY);
    }

    /** The file child members report to: this JVM's own, made once. */
    public static synchronized Path file() {
        if (file == null) {
            file = Path.of(
                            "target",
                            "openapi-contract-" + ProcessHandle.current().pid() + ".log")
                    .toAbsolutePath();
        }
        return file;
    }

    static void started() {
        IN_FLIGHT.incrementAndGet();
    }

    static void finished(List<String> violations) {
        try {
            String reportTo = System.getProperty(REPORT_PROPERTY);
            if (violations.isEmpty()) {
                return;
            }
            if (reportTo == null) {
                FOUND.addAll(violations);
            } else {
                appendTo(Path.of(reportTo), violations);
            }
        } finally {
            IN_FLIGHT.decrementAndGet();
        }
    }

    private static synchronized void appendTo(Path target, List<String> violations) {
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(
                    target,
                    violations.stream()
                            .map(violation -> "member pid "
                                    + ProcessHandle.current().pid() + ": " + violation.replace('\n', ' ') + "\n")
                            .collect(java.util.stream.Collectors.joining()),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything found since the last call, once the responses being checked in this JVM are done (at
     * most {@code waitMillis}: a stream a test left open is not waited for).
     */
    static synchronized List<String> drain(long waitMillis) throws InterruptedException {
        leftOpen = Math.min(leftOpen, IN_FLIGHT.get());
        long deadline = System.currentTimeMillis() + waitMillis;
        while (IN_FLIGHT.get() > leftOpen && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        // what is still open now was left open (a follower of a job's output that never ends, an upload
        // cut off): waited for once, not after every later test of this JVM
        leftOpen = Math.max(leftOpen, IN_FLIGHT.get());
        List<String> found = new ArrayList<>();
        for (String violation; (violation = FOUND.poll()) != null; ) {
            found.add(violation);
        }
        if (file != null && Files.exists(file)) {
            try {
                String all = Files.readString(file, StandardCharsets.UTF_8);
                if (all.length() > fileRead) {
                    for (String line : all.substring((int) fileRead).split("\n")) {
                        if (!line.isBlank()) {
                            found.add(line);
                        }
                    }
                    fileRead = all.length();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }
}
