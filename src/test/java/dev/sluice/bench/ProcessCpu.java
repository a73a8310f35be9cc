package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU time of another process on this (Linux) machine: from {@code /proc}, and per thread from {@code jcmd}. */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}: 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    /** A {@code jcmd Thread.print} header: {@code "name" #12 daemon prio=5 os_prio=0 cpu=123.45ms …}. */
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" .*?cpu=([0-9.]+)ms", Pattern.MULTILINE);

    private ProcessCpu() {}

    /** User plus system CPU time of process {@code pid} so far, in nanoseconds (10 ms resolution). */
    static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name, in parentheses, may hold spaces: count fields after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + e, e);
        }
    }

    /**
     * CPU milliseconds of each thread of JVM {@code pid} so far, by thread name with its digits
     * replaced by {@code N} (so that a pool's threads add up), from {@code jcmd <pid> Thread.print}.
     */
    static Map<String, Double> threadMillis(long pid) {
        Map<String, Double> byName = new HashMap<>();
        Matcher matcher = THREAD.matcher(jcmd(pid, "Thread.print"));
        while (matcher.find()) {
            String name = matcher.group(1)
                    .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>")
                    .replaceAll("\\d+", "N");
            byName.merge(name, Double.parseDouble(matcher.group(2)), Double::sum);
        }
        return byName;
    }

    private static String jcmd(long pid, String command) {
        List<String> line = new ArrayList<>(List.of(jcmdExecutable(), Long.toString(pid), command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String jcmdExecutable() {
        Path beside = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        return Files.isExecutable(beside) ? beside.toString() : "jcmd";
    }
}
