package dev.sluice.server.dashboard;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServiceCluster;
import dev.sluice.server.ServiceCluster.Member;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard of a three-member cluster (service members in JVMs of their own, {@link ServiceCluster}),
 * opened on one member while a job runs on all three: it shows the three members with their process IDs
 * and addresses, marks the one answering, and shows the job's per-step counts summed over the members,
 * each of which did only a part of the work (its own {@code /actuator/prometheus} says which).
 */
class DashboardClusterBrowserTest {

    private static final int PAIRS = 30;

    private static ServiceCluster cluster;
    private static Browser browser;

    @BeforeAll
    static void start() throws InterruptedException {
        Browser.assumeInstalled(); // before the members: no cluster for a test that cannot run
        cluster = ServiceCluster.start("dashboard", 3, 1, List.of());
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theDashboardOnOneMemberShowsEveryMemberAndAJobsCountsSummedOverThem() {
        List<Member> members = cluster.members();
        Member first = members.get(0);
        Member second = members.get(1);
        Member third = members.get(2);

        // started on the first member, fed on the third, watched on the second: one worker on each
        HttpResponse<String> started = postJson(
                first.url("/flows/wordcount/jobs"), "{\"workersPerProcess\": 1, \"snapshotIntervalMillis\": 200}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = json(started).get("id").asString();
        try {
            StringBuilder pairs = new StringBuilder("[");
            for (int i = 0; i < PAIRS; i++) {
                pairs.append(i == 0 ? "" : ", ")
                        .append("[")
                        .append(i / 10)
                        .append(", \"word")
                        .append(i % 4)
                        .append(" and more\"]");
            }
            HttpResponse<String> fed = postJson(
                    third.url("/jobs/" + id + "/input"), pairs.append("]").toString());
            assertThat(fed.statusCode()).as(fed.body()).isEqualTo(202);

            browser.open(second.url("/"));
            browser.awaitView("overview");
            browser.waiting()
                    .alias("three members")
                    .until(() -> browser.findAll(By.cssSelector("#members tbody tr[data-address]"))
                                    .size()
                            == 3);
            Map<Integer, String> shown = new TreeMap<>();
            List<String> answering = new ArrayList<>();
            for (WebElement row : browser.findAll(By.cssSelector("#members tbody tr[data-address]"))) {
                shown.put(
                        Integer.parseInt(row.getDomAttribute("data-process-id")), row.getDomAttribute("data-address"));
                assertThat(row.getText()).contains(row.getDomAttribute("data-address"));
                if ("true".equals(row.getDomAttribute("data-self"))) {
                    answering.add(row.getDomAttribute("data-address"));
                }
            }
            assertThat(shown.keySet()).containsExactly(0, 1, 2);
            assertThat(shown.values())
                    .containsExactlyInAnyOrderElementsOf(
                            members.stream().map(Member::address).toList());
            assertThat(answering).as("the member answering").containsExactly(second.address());
            browser.screenshot("cluster-overview");
            browser.assertNoConsoleErrors("the overview of three members");

            browser.route("#/jobs/" + id);
            browser.awaitView("job");
            browser.waiting()
                    .alias("every pair counted into step 0, over the three members")
                    .until(() -> browser.text(By.cssSelector("#steps tr[data-step='0'] .in"))
                            .equals(String.valueOf(PAIRS)));
            assertThat(browser.text(By.cssSelector("#job-facts dd[data-fact='members']")))
                    .isEqualTo("3");

            // each member did a part: its own meters count only its worker's share
            List<Double> shares = new ArrayList<>();
            for (Member member : members) {
                shares.add(stepItemsIn(member, id, 0));
            }
            assertThat(shares)
                    .as("step 0's items in on each member")
                    .allSatisfy(share -> assertThat(share).isPositive().isLessThan(PAIRS));
            assertThat(shares.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(PAIRS);

            // and every step's figures are the cluster's, as GET /jobs/{id}/progress sums them
            browser.waiting().untilAsserted(() -> {
                JsonNode progress = json(get(first.url("/jobs/" + id + "/progress")));
                for (JsonNode step : progress.get("steps")) {
                    String row = "#steps tr[data-step='" + step.get("index").asInt() + "']";
                    assertThat(browser.attribute(By.cssSelector(row), "data-items-in"))
                            .as("step %s in", step.get("index"))
                            .isEqualTo(String.valueOf(step.get("itemsIn").asLong()));
                    assertThat(browser.attribute(By.cssSelector(row), "data-items-out"))
                            .as("step %s out", step.get("index"))
                            .isEqualTo(String.valueOf(step.get("itemsOut").asLong()));
                }
            });
            browser.screenshot("cluster-job");
            browser.assertNoConsoleErrors("a job on three members");
        } finally {
            send("DELETE", first.url("/jobs/" + id), null, null, null);
        }
    }

    private static final Pattern ITEMS_IN = Pattern.compile("^sluice_step_items_in_total\\{([^}]*)} (\\S+)$");

    /** What this member's workers passed into {@code step} of the job, from its Prometheus scrape. */
    private static double stepItemsIn(Member member, String job, int step) {
        HttpResponse<String> scrape = get(member.url("/actuator/prometheus"));
        assertThat(scrape.statusCode()).isEqualTo(200);
        for (String line : scrape.body().split("\n")) {
            Matcher sample = ITEMS_IN.matcher(line);
            if (sample.matches()
                    && sample.group(1).contains("job=\"" + job + "\"")
                    && sample.group(1).contains("step=\"" + step + "\"")) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return 0;
    }
}
