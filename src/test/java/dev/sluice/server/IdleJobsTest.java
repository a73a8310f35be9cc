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
 * Idle jobs hold no thread (issue 12): 500 http jobs that nobody feeds, on one member with two workers,
 * add fewer than 50 threads (before, each held a thread per worker for its input and one for its
 * output: 2000); a page of {@code GET /jobs} answers at once; cancelling them gives the threads back.
 * The CPU they keep busy, the unpaged list and a small run beside them are measured and logged.
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

    @Test
    void fiveHundredIdleJobsAddFewThreadsAndLittleCpu() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long runAlone = bestRunMillis();
        Thread.sleep(1000);
        int threadsBefore = threads.getThreadCount();
        double cpuBefore = coresBusy(Duration.ofSeconds(3));

        List<String> ids = startJobs();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(get(url("/jobs?status=RUNNING"))).size() >= JOBS);
        Thread.sleep(2000); // the last ones settle: first snapshots, metrics registered
        int threadsIdle = threads.getThreadCount();
        double cpuIdle = coresBusy(Duration.ofSeconds(5));
        long listMillis = bestListMillis("/jobs");
        long pageMillis = bestListMillis("/jobs?limit=50&status=RUNNING");
        long runBeside = bestRunMillis();

        log.info(
                "{} idle jobs: threads {} -> {} (+{}); CPU {} -> {} cores (+{} % of a core); GET /jobs {} ms, "
                        + "a page of 50 RUNNING {} ms; a 10-line run {} ms alone, {} ms beside them",
                JOBS,
                threadsBefore,
                threadsIdle,
                threadsIdle - threadsBefore,
                String.format("%.3f", cpuBefore),
                String.format("%.3f", cpuIdle),
                String.format("%.1f", (cpuIdle - cpuBefore) * 100),
                listMillis,
                pageMillis,
                runAlone,
                runBeside);

        assertThat(threadsIdle - threadsBefore)
                .as("threads added by %s idle jobs", JOBS)
                .isLessThan(50);
        // generous for a loaded machine (the aim is 200 ms; 173 ms measured on a loaded 2-core machine)
        assertThat(pageMillis).as("a page of GET /jobs, ms").isLessThan(1000);
        // Not asserted, as the aim is not met yet (issue 12): the CPU the idle jobs keep busy (Jet visits
        // every worker of every job on its shared threads: about a core for 500 jobs of 3 vertices × 2
        // workers), the unpaged GET /jobs (each job's view reads its Jet metrics) and a run beside them.

        for (String id : ids) {
            assertThat(send("DELETE", url("/jobs/" + id), null, null, null).statusCode())
                    .isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> json(get(url("/jobs?status=CANCELLED"))).size() == JOBS);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(threads.getThreadCount())
                        .as("threads once every job is cancelled")
                        .isLessThan(threadsBefore + 20));
    }

    private List<String> startJobs() throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(4);
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
