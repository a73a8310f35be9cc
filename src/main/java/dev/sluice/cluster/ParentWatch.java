package dev.sluice.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child's side of a {@link ChildJvm}: it watches its parent through its standard input, so that
 * no child outlives the JVM that started it, and exits even when a shutdown hook hangs.
 */
public final class ParentWatch {

    private ParentWatch() {}

    /**
     * For a child's main: exits this JVM when its standard input closes or reads {@value ChildJvm#STOP_COMMAND},
     * that is when the parent asks or dies. Call it first thing; it returns at once.
     */
    public static void exitWithParent() {
        Thread watcher = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.trim().equals(ChildJvm.STOP_COMMAND)) {
                                break;
                            }
                        }
                    } catch (IOException e) {
                        // an unreadable input is a gone parent too
                    }
                    exitSoon(0);
                },
                "sluice-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Exits this JVM, running shutdown hooks, and halts it if they take more than a few seconds. */
    public static void exitSoon(int status) {
        Thread halter = new Thread(
                () -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        // halt at once
                    }
                    Runtime.getRuntime().halt(status);
                },
                "sluice-halter");
        halter.setDaemon(true);
        halter.start();
        System.exit(status);
    }
}
