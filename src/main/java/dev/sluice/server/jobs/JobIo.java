package dev.sluice.server.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads of a JVM on which the jobs' http inputs and outputs do what blocks (an output commit
 * under the log's lock, finding where a restored input reads on), so that their workers can run on
 * Jet's shared threads. A fixed number, whatever the number of jobs: work waits in the queue.
 */
final class JobIo {

    /** Threads at most; enough to keep a member's commits flowing, few enough to cost nothing when idle. */
    static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final AtomicInteger NUMBER = new AtomicInteger();

    private static final ExecutorService EXECUTOR = newExecutor();

    private JobIo() {}

    /** Runs blocking work off Jet's threads. */
    static ExecutorService executor() {
        return EXECUTOR;
    }

    private static ExecutorService newExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "sluice-job-io-" + NUMBER.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // idle threads end: a member without jobs keeps none
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
