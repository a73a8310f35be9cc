package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * 500 idle jobs against issue 12's aims: http wordcount jobs that nobody feeds (exactly-once, a snapshot a
 * minute), on one member with two workers. Every figure is logged;
 * what does not depend on the machine's speed is asserted:
 * <ul>
 *   <li>threads: fewer than {@value #MAX_THREADS_ADDED} more (the aim; before issue 12 each job held a
 *       thread per worker for its input and one for its output: 2000);</li>
 *   <li>CPU, measured over {@value #CPU_SECONDS} s before and with them: logged, not asserted, as the aim
 *       (5 % of a core) is not met yet;</li>
 *   <li>{@code GET /jobs} unpaged and a page of 50 by status, the best of three: logged (the aim is
 *       200 ms; timed assertions flake on a shared machine), and both asserted to show the jobs;</li>
 *   <li>a 10-line run beside them, the best of five: logged, not asserted, as the aim (2× its time
 *       alone) is not met yet.</li>
 * </ul>
 * Cancelling them gives the threads back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IdleJobsTest {

    private static final Logger log = LoggerFactory.getLogger(IdleJobsTest.class);

    static final int JOBS = 500;

    /**
     * Exactly-once, as by default, with a snapshot a minute: what Jet itself spends on a job is a
     * snapshot per interval (at the default second, 500 jobs take 500 snapshots a second, which keeps a
     * member's Jet coordinator busy and is no idle cost of Sluice's own).
     */
    private static final String JOB = "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}, "
            + "\"snapshotIntervalMillis\": 60000}";

    private static final String TEN_LINES = "[[0, \"one fish\"], [0, \"two fish\"], [0, \"red fish\"], "
            + "[0, \"blue fish\"], [1, \"one\"], [1, \"two\"], [1, \"three\"], [2, \"a\"], [2, \"b\"], [2, \"c\"]]";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    static final int MAX_THREADS_ADDED = 50;
    static final int CPU_SECONDS = 6;

    @Test
    void fiveHundredIdleJobsAddFewThreadsAndAllAreListed() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long runAlone = bestRunMillis();
        Thread.sleep(1000);
        int threadsBefore = threads.getThreadCount();
        double cpuBefore = coresBusy(Duration.ofSeconds(CPU_SECONDS));

        List<String> ids = startJobs();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(get(url("/jobs?status=RUNNING"))).size() >= JOBS);
        Thread.sleep(2000); // the last ones settle: first snapshots, metrics registered
        int threadsIdle = threads.getThreadCount();
        double cpuIdle = coresBusy(Duration.ofSeconds(CPU_SECONDS));
        long listMillis = bestListMillis("/jobs");
        long pageMillis = bestListMillis("/jobs?limit=50&status=RUNNING");
        long runBeside = bestRunMillis();
        double cpuAddedPercent = (cpuIdle - cpuBefore) * 100;

        log.info(
                "{} idle jobs: threads {} -> {} (+{}); CPU {} -> {} cores (+{} % of a core); GET /jobs {} ms, "
                        + "a page of 50 RUNNING {} ms; a 10-line run {} ms alone, {} ms beside them",
                JOBS,
                threadsBefore,
                threadsIdle,
                threadsIdle - threadsBefore,
                String.format("%.3f", cpuBefore),
                String.format("%.3f", cpuIdle),
                String.format("%.1f", cpuAddedPercent),
                listMillis,
                pageMillis,
                runAlone,
                runBeside);

        assertThat(threadsIdle - threadsBefore)
                .as("threads added by %s idle jobs", JOBS)
                .isLessThan(MAX_THREADS_ADDED);
        // Not asserted, as the aim (5 % of a core) is not met yet (issue 12): +84 % measured at load 8-14 on
        // 2 cores; Jet's shared threads keep visiting every worker of every job.
        // The list's times are logged, not asserted (a timed assertion flakes on a shared machine; the aim
        // is 200 ms unpaged: 68-80 ms quiet, 466 ms once beside ChaosTest in the other test JVM); what is
        // asserted is that the list and a page show every job and the page's share.
        assertThat(json(get(url("/jobs"))).size())
                .as("GET /jobs lists every job")
                .isGreaterThanOrEqualTo(JOBS);
        assertThat(json(get(url("/jobs?limit=50&status=RUNNING"))).size())
                .as("a page of 50 RUNNING jobs")
                .isEqualTo(50);
        // Not asserted either: a 10-line run beside them within 2x alone (101 ms beside, 32 ms alone on a
        // quiet machine; 132 and 63 at load 8-14): the runs' rounds on Jet's threads visit the idle workers too.

        cancel(ids);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(get(url("/jobs?status=CANCELLED"))).size() == JOBS);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(threads.getThreadCount())
                        .as("threads once every job is cancelled")
                        .isLessThan(threadsBefore + 20));
    }

    private void cancel(List<String> ids) throws Exception {
        ExecutorService cancellers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> cancelled = new ArrayList<>();
            for (String id : ids) {
                cancelled.add(cancellers.submit(() ->
                        send("DELETE", url("/jobs/" + id), null, null, null).statusCode()));
            }
            for (Future<Integer> status : cancelled) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            cancellers.shutdownNow();
        }
    }

    private List<String> startJobs() throws Exception {
        // two at a time: Jet's coordinator starts one job after another, so more in parallel only wait
        // longer each (on a loaded machine, past the client's 60 s timeout)
        ExecutorService starters = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                started.add(starters.submit(() -> {
                    HttpResponse<String> created = postJson(url("/flows/wordcount/jobs"), JOB);
                    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                    return json(created).get("id").asString();
                }));
            }
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            for (Future<String> id : started) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            starters.shutdownNow();
        }
    }

    /** How many cores the process kept busy on average over {@code period}. */
    private static double coresBusy(Duration period) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        Thread.sleep(period.toMillis());
        return (double) (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - start);
    }

    private long bestListMillis(String path) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> jobs = get(url(path));
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            assertThat(jobs.statusCode()).isEqualTo(200);
        }
        return best;
    }

    private long bestRunMillis() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            HttpResponse<String> run = postJson(url("/flows/wordcount/run"), TEN_LINES);
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        }
        return best;
    }
}
