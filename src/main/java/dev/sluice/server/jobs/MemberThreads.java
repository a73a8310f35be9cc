package dev.sluice.server.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The jobs code's own single threads: each named, so that a thread dump says what it is, and a daemon,
 * so that none keeps a stopped member's JVM alive.
 */
final class MemberThreads {

    private MemberThreads() {}

    /** One named daemon thread that runs what is scheduled on it, a task at a time. */
    static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** One named daemon thread that runs what is handed to it, a task at a time. */
    static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(named(name));
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
