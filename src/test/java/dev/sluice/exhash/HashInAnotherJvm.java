package dev.sluice.exhash;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Hashes integers in a fresh JVM with this class path, to show that a hash does not depend on the JVM. */
final class HashInAnotherJvm {

    private HashInAnotherJvm() {}

    /** Prints the hash of each integer argument, in hex, a line each. */
    public static void main(String[] args) {
        for (String arg : args) {
            System.out.println(Long.toHexString(Exhash.hash(new BigInteger(arg))));
        }
    }

    /** The hashes another JVM computes for these decimal integers. */
    static List<String> hashes(List<String> integers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                HashInAnotherJvm.class.getName()));
        command.addAll(integers);
        Process child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
                throw new IllegalStateException("the child JVM failed: " + out);
            }
            return out.lines().toList();
        } finally {
            child.destroyForcibly();
        }
    }
}
