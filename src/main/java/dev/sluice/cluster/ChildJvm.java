package dev.sluice.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM on this machine running a main class with this JVM's class path: the processes of
 * {@code spawnCluster} and {@code runCluster}.
 *
 * <h2>No child outlives its parent</h2>
 * The parent holds the child's standard input open. A child main calls {@link #exitWithParent()}
 * first, which exits the child when its input closes, which happens when the parent closes it, when
 * the parent exits, and when the parent is killed (even with {@code SIGKILL}: the kernel closes the
 * pipe), or when the parent writes {@code stop}. The parent also stops its children in
 * {@link #close()} and in a shutdown hook, and forcibly after a grace period.
 *
 * <h2>Ready line</h2>
 * A child tells the parent it is ready by printing a line that starts with {@value #READY_PREFIX};
 * {@link #awaitReady(Duration)} returns the rest of that line. The child's other output (standard
 * output and error) is kept, the last lines of it, for error messages; with the system property
 * {@code sluice.child.echo=true} it is also copied to this JVM's standard error.
 */
public final class ChildJvm implements AutoCloseable {

    /** The start of the line a child prints when it is ready. */
    public static final String READY_PREFIX = "SLUICE-READY ";

    /** The line a parent writes to ask a child to exit. */
    public static final String STOP_COMMAND = "stop";

    /** System properties a child gets from its parent, to debug a cluster of children as one. */
    private static final List<String> INHERITED_PROPERTIES = List.of("hazelcast.logging.type", "sluice.child.echo");

    private static final int TAIL_LINES = 200;
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::killAll, "sluice-child-reaper"));
    }

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final Deque<String> tail = new ArrayDeque<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final boolean echo = Boolean.getBoolean("sluice.child.echo");
    private final long startNanos = System.nanoTime();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread drainer = new Thread(this::drain, "sluice-child-output-" + name);
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * Starts a child JVM running {@code mainClass} with this JVM's class path.
     *
     * @param name a name for messages, e.g. {@code process 1}
     * @param mainClass the main class; it should call {@link #exitWithParent()} first
     * @param jvmOptions options for the child JVM, e.g. {@code -Xmx256m} or {@code -Dkey=value}
     * @param args the main class's arguments
     */
    public static ChildJvm start(String name, String mainClass, List<String> jvmOptions, List<String> args) {
        return start(name, mainClass, jvmOptions, args, Map.of());
    }

    /**
     * Starts a child JVM running {@code mainClass} with this JVM's class path and this JVM's
     * environment changed by {@code environment}.
     *
     * @param environment variables to set in the child's environment (a {@code null} value removes
     *     an inherited one)
     */
    public static ChildJvm start(
            String name,
            String mainClass,
            List<String> jvmOptions,
            List<String> args,
            Map<String, String> environment) {
        return start(name, mainClass, System.getProperty("java.class.path"), jvmOptions, args, environment);
    }

    /**
     * Starts a child JVM running {@code mainClass} with {@code classPath}, e.g. this JVM's with its
     * directories packed as jars, which a class-data sharing archive needs.
     *
     * @param classPath the child's class path, as for {@code -cp}
     */
    public static ChildJvm start(
            String name,
            String mainClass,
            String classPath,
            List<String> jvmOptions,
            List<String> args,
            Map<String, String> environment) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(mainClass, "mainClass must not be null");
        Objects.requireNonNull(classPath, "classPath must not be null");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        for (String inherited : INHERITED_PROPERTIES) {
            String value = System.getProperty(inherited);
            if (value != null) {
                command.add("-D" + inherited + "=" + value);
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach((variable, value) -> {
            if (value == null) {
                builder.environment().remove(variable);
            } else {
                builder.environment().put(variable, value);
            }
        });
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not start " + name + " (" + String.join(" ", command.subList(0, 1)) + "): " + e.getMessage(),
                    e);
        }
        ChildJvm child = new ChildJvm(name, process);
        LIVE.add(child);
        return child;
    }

    /**
     * Waits for the child's ready line.
     *
     * @return the rest of the ready line, after {@value #READY_PREFIX}
     * @throws ClusterJoinException when the child exits first or is not ready in time; the message
     *     holds the child's last output
     */
    public String awaitReady(Duration timeout) throws InterruptedException {
        try {
            return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (ClusterJoinException) e.getCause();
        } catch (TimeoutException e) {
            throw new ClusterJoinException(name + " (pid " + pid() + ") was not ready within " + timeout.toMillis()
                    + " ms; its last output:\n" + outputTail());
        }
    }

    /** The name given at start. */
    public String name() {
        return name;
    }

    /** The child's process ID in the operating system. */
    public long pid() {
        return process.pid();
    }

    /** The child's process handle. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Whether the child is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the child to exit.
     *
     * @return its exit code
     * @throws ClusterJoinException when it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ClusterJoinException(name + " (pid " + pid() + ") was still running after " + timeout.toMillis()
                    + " ms; its last output:\n" + outputTail());
        }
        LIVE.remove(this);
        return process.exitValue();
    }

    /** The child's last lines of output. */
    public String outputTail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    /** Asks the child to exit, without waiting: writes {@value #STOP_COMMAND} and closes its input. */
    public void requestStop() {
        try {
            stdin.write((STOP_COMMAND + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // the child has gone already
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // the child has gone already
        }
    }

    /**
     * Stops the child: asks it to exit, and kills it if it has not exited within {@code grace}.
     * Returns once it has gone.
     */
    public void stop(Duration grace) {
        requestStop();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /** Kills the child (and anything it started) at once, and waits a little for it to go. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /**
     * Sends the child {@code SIGKILL} (on Linux; {@link Process#destroyForcibly()} elsewhere): it
     * dies at once, running no shutdown hook, as when a machine or container is lost. Waits for it
     * to exit.
     *
     * @return its exit code ({@code 137} on Linux)
     * @throws ClusterJoinException when it is still running after {@code timeout}
     */
    public int sigkill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(timeout);
    }

    /**
     * Sends the child {@code SIGTERM} (on Linux; {@link Process#destroy()} elsewhere), as an
     * orchestrator does to stop a container: the JVM runs its shutdown hooks and exits. Waits for it
     * to exit.
     *
     * @return its exit code ({@code 143} on Linux when the hooks did not choose another)
     * @throws ClusterJoinException when it is still running after {@code timeout}
     */
    public int sigterm(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Same as {@code stop} with a grace period of five seconds. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    /**
     * Stops several children together: asks them all, waits up to {@code grace} for all, then kills
     * the rest.
     */
    public static void stopAll(List<ChildJvm> children, Duration grace) {
        children.forEach(ChildJvm::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        for (ChildJvm child : children) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                if (!interrupted && child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    LIVE.remove(child);
                    continue;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            child.kill();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }

    private void drain() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY_PREFIX) && !ready.isDone()) {
                    ready.complete(line.substring(READY_PREFIX.length()));
                    continue;
                }
                if (echo) {
                    System.err.println(
                            "[" + name + " +" + (System.nanoTime() - startNanos) / 1_000_000 + " ms] " + line);
                }
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the child has gone
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            code = -1;
        }
        LIVE.remove(this);
        ready.completeExceptionally(new ClusterJoinException(name + " (pid " + pid() + ") exited with code " + code
                + " before it was ready; its last output:\n" + outputTail()));
    }

    private static void killAll() {
        List<ChildJvm> children = new ArrayList<>(LIVE);
        children.forEach(ChildJvm::requestStop);
        for (ChildJvm child : children) {
            try {
                if (!child.process.waitFor(2, TimeUnit.SECONDS)) {
                    child.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.process.destroyForcibly();
            }
        }
    }

    private static String javaExecutable() {
        String current = ProcessHandle.current().info().command().orElse(null);
        if (current != null
                && Files.isExecutable(Path.of(current))
                && Path.of(current).getFileName().toString().startsWith("java")) {
            return current;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
