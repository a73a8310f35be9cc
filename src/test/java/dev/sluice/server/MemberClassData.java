package dev.sluice.server;

import dev.sluice.cluster.LocalCluster;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data sharing archive for the member JVMs of {@link ServiceCluster}: the classes a member
 * loads while it starts, parsed and verified once, then mapped by every member after. Measured on
 * this suite's two cores, a member reached "Started" in 4.7–4.9 s with it against 6.6–6.9 s
 * without, and took 6.2 CPU seconds against 8.6; the suite starts some thirty members, often three
 * at a time, where the CPU is what they wait for.
 *
 * <p>Built once per test JVM, when the test run starts ({@link MemberClassDataListener}) or on first
 * use: the class path's directories are packed into jars (an archive takes classes from jars only, and
 * refuses a class path with a non-empty directory), and one member starts with {@code
 * -XX:ArchiveClassesAtExit} and exits once its context has started, which writes the archive. Members then start with that class path and {@code -XX:SharedArchiveFile}; with their
 * {@code -Xshare:auto} a JVM that cannot map the archive starts without it. When building it fails, the
 * members start as before, with this JVM's class path and no archive, and the reason is logged.
 */
public final class MemberClassData {

    private static final Logger log = LoggerFactory.getLogger(MemberClassData.class);

    private static final String NICE = "/usr/bin/nice";

    /** How long the member that writes the archive has to start and exit (at the lowest priority, on a busy machine). */
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(300);

    private static CompletableFuture<Setup> setup;

    /** The member writing the archive while it runs, for the shutdown hook to stop. */
    private static volatile Process training;

    private MemberClassData() {}

    /**
     * How members start: their class path, and the options that map the archive (none without one).
     */
    record Setup(String classPath, List<String> jvmOptions) {}

    /**
     * Whether {@code process} is the archive's training member, a child of this JVM while it runs: tests
     * that check that they left no child process behind leave it out.
     */
    public static boolean isTraining(ProcessHandle process) {
        Process member = training;
        return member != null && member.pid() == process.pid();
    }

    /**
     * Starts building the setup on a thread of its own, unless that has begun already: {@link
     * MemberClassDataListener} does it when the test run starts, so that it overlaps the tests before
     * the first cluster's.
     *
     * @param memberOptions the options members start with, which the member that writes the archive
     *     gets too
     */
    static synchronized void prepare(List<String> memberOptions) {
        if (setup == null) {
            setup = CompletableFuture.supplyAsync(() -> build(memberOptions), runnable -> {
                Thread builder = new Thread(runnable, "sluice-member-cds");
                builder.setDaemon(true);
                builder.start();
            });
        }
    }

    /** The setup, waiting for it to be built (on the first call, some ten seconds: one member's start). */
    static Setup setup(List<String> memberOptions) {
        prepare(memberOptions);
        return setup.join();
    }

    private static Setup build(List<String> memberOptions) {
        String plain = System.getProperty("java.class.path");
        long startedAt = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("sluice-member-cds");
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                Process member = training;
                                if (member != null) {
                                    member.destroyForcibly();
                                }
                                delete(dir);
                            },
                            "sluice-member-cds-cleaner"));
            String classPath = packDirectories(plain, dir);
            Path archive = dir.resolve("members.jsa");
            List<String> training = new ArrayList<>(memberOptions);
            training.add("-XX:ArchiveClassesAtExit=" + archive);
            training.add("-Xlog:cds=off,cds+dynamic=off"); // one warning per class it cannot archive
            String outcome = train(classPath, training);
            if (outcome != null || !Files.isRegularFile(archive)) {
                log.warn("members start without a class-data archive: {}", outcome != null ? outcome : "none written");
                return new Setup(plain, List.of());
            }
            log.info(
                    "members share a class-data archive of {} MB, built in {} ms",
                    Files.size(archive) / (1024 * 1024),
                    (System.nanoTime() - startedAt) / 1_000_000);
            return new Setup(classPath, List.of("-XX:SharedArchiveFile=" + archive));
        } catch (IOException | RuntimeException e) {
            log.warn("members start without a class-data archive", e);
            return new Setup(plain, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Setup(plain, List.of());
        }
    }

    /** The class path with each directory replaced by a jar of its files, in the same place. */
    private static String packDirectories(String classPath, Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int packed = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = dir.resolve("dir-" + ++packed + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path root, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files.sorted()::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String name = root.relativize(path).toString().replace(File.separatorChar, '/');
                if (Files.isDirectory(path)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
    }

    /**
     * Runs one member alone until its application context has started ({@code spring.context.exit=onRefresh},
     * Spring's switch for this: the Hazelcast member and Jet have started by then, the web server not),
     * when it exits and writes the archive. It runs at the lowest CPU priority ({@code nice -n 19}), so
     * that the tests running meanwhile do not wait for it: it takes the CPU they leave.
     *
     * @return null when it went so, else what went wrong
     */
    private static String train(String classPath, List<String> options) throws IOException, InterruptedException {
        List<Integer> ports = LocalCluster.freeLoopbackPorts(2);
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of(NICE))) {
            command.addAll(List.of(NICE, "-n", "19"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-Dspring.context.exit=onRefresh");
        command.addAll(List.of("-cp", classPath, SluiceApplication.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = Files.createTempFile("sluice-member-cds", ".log");
        builder.redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        ServiceCluster.inheritedSettings().forEach(environment::remove);
        environment.put("SPRING_PROFILES_ACTIVE", "cluster");
        environment.put("SLUICE_CLUSTER_NAME", "member-cds-" + UUID.randomUUID());
        environment.put("SLUICE_CLUSTER_PORT", Integer.toString(ports.get(0)));
        environment.put("SLUICE_CLUSTER_MEMBERS", "127.0.0.1:" + ports.get(0));
        environment.put("SLUICE_CLUSTER_BIND_ADDRESS", "127.0.0.1");
        environment.put("SERVER_PORT", Integer.toString(ports.get(1)));
        Process member = builder.start();
        training = member;
        try {
            if (!member.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return "its member did not exit within " + TRAINING_TIMEOUT.toSeconds() + " s";
            }
            return member.exitValue() == 0
                    ? null
                    : "its member exited with " + member.exitValue() + ": " + tail(output);
        } finally {
            member.destroyForcibly();
            training = null;
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
