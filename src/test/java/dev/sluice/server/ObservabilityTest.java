package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.server.ServiceCluster.Member;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17's figures on two service members × 2 workers: a wordcount job and a finite run of known
 * input, whose every step's items in and out must be exact in {@code GET /jobs/{id}/progress}, in the
 * run's {@code Sluice-Steps} header and in {@code /actuator/prometheus} summed over both members; and
 * the frontier, at an epoch while the input is open and at the end once it is closed.
 */
class ObservabilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Epoch 0: to ×3, be ×2, or, not, see (5 counts); epoch 1: be (1 count). */
    private static final String INPUT = "[[0, \"To be or not to be\"], [0, \"to see\"], [1, \"be\"]]";

    private static final List<String> OPERATORS = List.of("map", "flat_map", "map", "reduce_epoch", "capture");
    private static final List<Long> ITEMS_IN = List.of(3L, 3L, 9L, 9L, 6L);
    private static final List<Long> ITEMS_OUT = List.of(3L, 9L, 9L, 6L, 6L);

    private static ServiceCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ServiceCluster.start("observability", 2, 2, List.of());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    @Test
    void aJobAndARunCountEveryStepExactlyAcrossTwoMembers() throws Exception {
        Member first = cluster.members().get(0);
        Member second = cluster.members().get(1);

        // a job started on one member, fed, watched and closed on the other
        JsonNode job = json(
                postJson(
                        first.url("/flows/wordcount/jobs"),
                        "{\"workersPerProcess\": 2, \"snapshotIntervalMillis\": 200}"),
                201);
        String id = job.get("id").asString();
        json(postJson(second.url("/jobs/" + id + "/input"), INPUT), 202);

        // epoch 0 is complete everywhere once epoch 1 is in: the frontier at reduce_epoch is 1
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode running = json(get(second.url("/jobs/" + id + "/progress")), 200);
            assertThat(running.get("status").asString()).isEqualTo("RUNNING");
            assertThat(running.get("lastSnapshotId").asLong(-1))
                    .as("a snapshot every 200 ms")
                    .isNotNegative();
            assertThat(running.get("lastSnapshotAt").asLong()).isPositive();
            assertThat(running.get("lastSnapshotMillis").asLong(-1)).isNotNegative();
            JsonNode reduce = running.get("steps").get(3);
            assertThat(reduce.get("lowestOpenEpoch").asLong(-1)).isEqualTo(1);
            assertThat(reduce.get("done").asBoolean()).isFalse();
            assertThat(reduce.get("keys").asLong()).as("be, in epoch 1").isEqualTo(1);
        });

        json(send("POST", first.url("/jobs/" + id + "/input/close"), null, null, null), 202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> json(get(first.url("/jobs/" + id)), 200)
                        .get("status")
                        .asString()
                        .equals("COMPLETED"));

        JsonNode progress = json(get(second.url("/jobs/" + id + "/progress")), 200);
        assertThat(progress.get("flow").asString()).isEqualTo("wordcount");
        assertSteps(progress.get("steps"));
        JsonNode reduce = progress.get("steps").get(3);
        assertThat(reduce.get("done").asBoolean())
                .as("the frontier at the end of input")
                .isTrue();
        assertThat(reduce.get("lowestOpenEpoch").isNull()).isTrue();
        assertThat(reduce.get("keys").asLong()).isZero();
        assertThat(progress.get("steps").get(0).get("keys").isNull()).isTrue();
        assertThat(progress.get("inputAccepted").asLong()).isEqualTo(3);
        assertThat(progress.get("inputRead").asLong()).isEqualTo(3);
        assertThat(progress.get("inputLag").asLong()).isZero();
        assertThat(progress.get("outputCommitted").asLong()).isEqualTo(6);
        assertThat(progress.get("lastSnapshotId").isNull())
                .as("Jet keeps no record of an ended job")
                .isTrue();
        List<Long> positions = new ArrayList<>();
        progress.get("inputs").forEach(input -> {
            positions.add(input.get("position").asLong());
            assertThat(input.get("ended").asBoolean()).isTrue();
        });
        assertThat(positions).as("every input worker read the whole log").containsExactly(3L, 3L, 3L, 3L);

        // a finite run of the same input, its figures in a header
        HttpResponse<String> run =
                send("POST", first.url("/flows/wordcount/run?stats=true"), "application/json", INPUT, null);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(JSON.readTree(run.body()).size()).isEqualTo(6);
        assertSteps(JSON.readTree(run.headers().firstValue("Sluice-Steps").orElseThrow()));
        HttpResponse<String> plain =
                send("POST", second.url("/flows/wordcount/run"), "application/json", "[[0, \"a\"]]", null);
        assertThat(plain.headers().firstValue("Sluice-Steps"))
                .as("only when asked")
                .isEmpty();

        // Prometheus, summed over both members: the job's figures, and the runs' (the two runs above)
        Map<String, Double> scraped = new LinkedHashMap<>();
        for (Member member : cluster.members()) {
            HttpResponse<String> prometheus = get(member.url("/actuator/prometheus"));
            assertThat(prometheus.statusCode()).isEqualTo(200);
            parse(prometheus.body()).forEach((series, value) -> scraped.merge(series, value, Double::sum));
        }
        for (int step = 0; step < OPERATORS.size(); step++) {
            String labels = "{flow=\"wordcount\",job=\"" + id + "\",operator=\"" + OPERATORS.get(step) + "\",step=\""
                    + step + "\"}";
            assertThat(scraped.get("sluice_step_items_in_total" + labels))
                    .as("in " + labels)
                    .isEqualTo((double) ITEMS_IN.get(step));
            assertThat(scraped.get("sluice_step_items_out_total" + labels))
                    .as("out " + labels)
                    .isEqualTo((double) ITEMS_OUT.get(step));
            String runs = labels.replace("job=\"" + id + "\"", "job=\"runs\"");
            // the second run: one line of one word, "a"
            long plainIn = step == 0 || step == 1 ? 1 : 1;
            assertThat(scraped.get("sluice_step_items_in_total" + runs))
                    .as("in " + runs)
                    .isEqualTo((double) ITEMS_IN.get(step) + plainIn);
        }
        String reduceLabels = "{flow=\"wordcount\",job=\"" + id + "\",operator=\"reduce_epoch\",step=\"3\"}";
        assertThat(scraped.get("sluice_step_frontier" + reduceLabels)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(scraped.get("sluice_step_keys" + reduceLabels)).isZero();
        String jobLabels = "{flow=\"wordcount\",job=\"" + id + "\"}";
        assertThat(scraped.get("sluice_job_input_accepted_items" + jobLabels)).isEqualTo(3.0);
        assertThat(scraped.get("sluice_job_input_read_items" + jobLabels)).isEqualTo(3.0);
        assertThat(scraped.get("sluice_job_output_committed_items" + jobLabels)).isEqualTo(6.0);
        assertThat(scraped.get("sluice_jobs{status=\"COMPLETED\"}")).isEqualTo(1.0);
        assertThat(scraped.get("sluice_runs_seconds_count{flow=\"wordcount\",outcome=\"ok\"}"))
                .isEqualTo(2.0);

        HttpResponse<String> metric = get(second.url("/actuator/metrics/sluice.step.items.in"));
        assertThat(metric.statusCode()).isEqualTo(200);
    }

    private static void assertSteps(JsonNode steps) {
        assertThat(steps.size()).isEqualTo(OPERATORS.size());
        for (int i = 0; i < OPERATORS.size(); i++) {
            JsonNode step = steps.get(i);
            assertThat(step.get("index").asInt()).isEqualTo(i);
            assertThat(step.get("operator").asString()).isEqualTo(OPERATORS.get(i));
            assertThat(step.get("itemsIn").asLong()).as("step %d in", i).isEqualTo(ITEMS_IN.get(i));
            assertThat(step.get("itemsOut").asLong()).as("step %d out", i).isEqualTo(ITEMS_OUT.get(i));
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(\\{[^}]*})? (\\S+)$");

    /** Prometheus text: series (name and labels as written) to value; comments skipped. */
    static Map<String, Double> parse(String body) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            String value = sample.group(3);
            double number = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(value);
            };
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), number);
        }
        return samples;
    }
}
