package dev.sluice.server.dashboard;

import static dev.sluice.server.ServiceTestSupport.assertProblem;
import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServiceTestSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser (Debian's Chromium through Selenium, {@link Browser}) against a real
 * service: every view loads without a console error, a finite run from the flow page shows wordcount's
 * pairs, a bad input shows the problem's detail, a job started from the jobs page and fed from the API
 * shows its counts and output rising without a reload, and cancel asks first. Each saves screenshots
 * under {@code target/dashboard-screenshots/}; with {@code -Dsluice.dashboard.screenshot=docs/dashboard-job.png}
 * the job view's is also written there (the README's picture).
 *
 * <p>What needs no browser (the root path's answers, the OpenAPI document without the dashboard) is
 * checked over HTTP and runs without Chromium too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTest {

    /** Where the job view's screenshot is copied, when set: the README's picture. */
    static final String README_SCREENSHOT = "sluice.dashboard.screenshot";

    /** Epoch 0: to ×3, be ×2, or, not, see; epoch 1: be. */
    private static final String WORDCOUNT_INPUT = "[[0, \"To be or not to be\"], [0, \"to see\"], [1, \"be\"]]";

    private static final Set<String> WORDCOUNT_OUTPUT =
            Set.of("0 \"to\" 3", "0 \"be\" 2", "0 \"or\" 1", "0 \"not\" 1", "0 \"see\" 1", "1 \"be\" 1");

    @LocalServerPort
    int port;

    private final List<String> jobs = new ArrayList<>();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @AfterEach
    void cancelJobs() {
        for (String id : jobs) {
            send("DELETE", url("/jobs/" + id), null, null, null);
        }
    }

    /** The JVM's one browser (shared with the other browser tests); what an earlier test left is that test's. */
    private static Browser browser() {
        return Browser.shared();
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    // --- over HTTP ---

    @Test
    void theRootPathIsTheDashboardForABrowserAndStaysTheNotFoundProblemForAJsonClient() {
        HttpResponse<String> page = send("GET", url("/"), null, null, "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"dashboard/app.js\"></script>");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .as("the page may load nothing from elsewhere")
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "script-src 'self'"));
        assertThat(send("GET", url("/"), null, null, "*/*").statusCode()).isEqualTo(200);

        // what a JSON client got before the dashboard: the 404 problem of a path the API does not serve
        assertProblem(send("GET", url("/"), null, null, "application/json"), 404, "there is no resource at /");

        for (String asset : List.of(
                "/dashboard/app.js",
                "/dashboard/job.js",
                "/dashboard/dashboard.css",
                "/dashboard/icon.svg",
                "/webjars/uplot/dist/uPlot.esm.js",
                "/webjars/uplot/dist/uPlot.min.css")) {
            HttpResponse<String> response = get(url(asset));
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).isNotBlank();
        }
        assertThat(get(url("/dashboard/app.js")).headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertProblem(get(url("/dashboard/nope.js")), 404, "nope.js");
    }

    @Test
    void theOpenApiDocumentListsNoneOfTheDashboardsPaths() {
        List<String> names = json(get(url("/v3/api-docs"))).get("paths").properties().stream()
                .map(Map.Entry::getKey)
                .toList();
        assertThat(names)
                .isNotEmpty()
                .allSatisfy(path -> assertThat(path)
                        .isNotEqualTo("/")
                        .doesNotStartWith("/dashboard")
                        .doesNotStartWith("/webjars"));
    }

    // --- in the browser ---

    @Test
    void everyViewLoadsWithoutAConsoleError() {
        Browser browser = browser();
        String id = startJob("wordcount", "{\"snapshotIntervalMillis\": 200}");
        assertThat(postJson(url("/jobs/" + id + "/input"), WORDCOUNT_INPUT).statusCode())
                .isEqualTo(202);

        browser.open(url("/"));
        browser.awaitView("overview");
        browser.waiting()
                .alias("this member, answering, and healthy")
                .until(() -> browser.findAll(By.cssSelector("#members tbody tr[data-self='true']"))
                                        .size()
                                == 1
                        && browser.text(By.id("health")).equals("UP"));
        browser.waiting()
                .alias("the running job counted")
                .until(() -> browser.text(By.cssSelector("#job-statuses li[data-status='RUNNING'] .count"))
                        .equals("1"));
        Set<String> flows = new HashSet<>();
        browser.findAll(By.cssSelector("#flows tbody tr")).forEach(row -> flows.add(row.getDomAttribute("data-flow")));
        assertThat(flows).contains("wordcount", "pagerank", "anomaly-detector", "search-session");
        browser.screenshot("overview");
        browser.assertNoConsoleErrors("the overview");

        Map<String, String> views = new LinkedHashMap<>();
        views.put("#/flows", "flows");
        for (String flow : flows) {
            views.put("#/flows/" + flow, "flow");
        }
        views.put("#/jobs", "jobs");
        views.put("#/jobs/" + id, "job");
        views.put("#/nowhere", "missing");
        for (Map.Entry<String, String> view : views.entrySet()) {
            browser.route(view.getKey());
            browser.awaitView(view.getValue());
            browser.screenshot(view.getValue() + "-"
                    + view.getKey().substring(2).replaceAll("[^a-z0-9-]+", "-").replaceAll("-$", ""));
            browser.assertNoConsoleErrors(view.getKey());
            if (view.getValue().equals("job")) {
                assertThat(browser.findAll(By.cssSelector("#steps tbody tr[data-step]")))
                        .as("the job view's steps")
                        .hasSize(5);
            }
        }

        // keyboard: the sections are links in the tab order, and Enter follows one
        browser.route("#/");
        browser.awaitView("overview");
        browser.script("document.querySelector('header .brand').focus()");
        Actions keys = new Actions(browser.driver());
        String focused = "";
        for (int i = 0; i < 8 && !focused.equals("jobs"); i++) {
            keys.sendKeys(Keys.TAB).perform();
            focused = String.valueOf(browser.script("return document.activeElement.dataset.section || ''"));
        }
        assertThat(focused).as("tabbing reaches the Jobs link").isEqualTo("jobs");
        keys.sendKeys(Keys.ENTER).perform();
        browser.awaitView("jobs");
        assertThat(browser.currentUrl()).endsWith("#/jobs");
        browser.assertNoConsoleErrors("the keyboard round");
    }

    @Test
    void theViewsFitAPhonesWidthAndReadInTheDarkScheme() {
        Browser browser = browser();
        String id = startJob("wordcount", "{\"snapshotIntervalMillis\": 200}");
        feed(id, WORDCOUNT_INPUT);
        try {
            browser.emulate(390, true);
            for (Map.Entry<String, String> view : Map.of(
                            "#/", "overview", "#/flows/wordcount", "flow", "#/jobs", "jobs", "#/jobs/" + id, "job")
                    .entrySet()) {
                browser.open(url("/" + view.getKey()));
                browser.awaitView(view.getValue());
                assertThat(browser.script("return matchMedia('(prefers-color-scheme: dark)').matches"))
                        .isEqualTo(true);
                assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
                        .as("the dark scheme's background")
                        .isEqualTo("rgb(13, 17, 23)");
                // wide graphs and tables scroll in their own boxes; the page itself does not
                assertThat(((Number) browser.script("return document.documentElement.scrollWidth")).intValue())
                        .as("the width of %s on a phone", view.getKey())
                        .isLessThanOrEqualTo(390);
                browser.screenshot("phone-dark-" + view.getValue());
                browser.assertNoConsoleErrors(view.getKey() + " on a phone, dark");
            }
        } finally {
            browser.stopEmulating();
        }
    }

    @Test
    void aLostConnectionIsShownAndTheOutputResumesFromItsNextOffset() {
        Browser browser = browser();
        String id = startJob("wordcount", "{\"snapshotIntervalMillis\": 200}");
        browser.open(url("/#/jobs/" + id));
        browser.awaitView("job");
        feed(id, "[[0, \"a b\"], [1, \"c\"]]");
        awaitOutputRows(browser, 2);
        try {
            browser.offline(true);
            browser.waiting()
                    .alias("the banner says the member is away")
                    .until(() -> browser.find(By.id("connection")).isDisplayed()
                            && browser.text(By.id("connection")).startsWith("Lost the connection"));
            feed(id, "[[2, \"d\"]]"); // epoch 1 closes while the page cannot hear of it
        } finally {
            browser.offline(false);
        }
        browser.waiting()
                .alias("the banner says it is back")
                .until(() -> browser.text(By.id("connection")).startsWith("Reconnected"));
        awaitStep(browser, 0, "3");
        awaitOutputRows(browser, 3);
        List<String> offsets = browser.findAll(By.cssSelector("#output tbody tr[data-offset]")).stream()
                .map(row -> row.getDomAttribute("data-offset"))
                .toList();
        assertThat(offsets).as("each pair once, in order").containsExactly("0", "1", "2");
        browser.screenshot("job-reconnected");
        browser.assertNoConsoleErrors("a lost connection", message -> message.contains("ERR_INTERNET_DISCONNECTED"));
    }

    @Test
    void aFiniteRunFromTheFlowPageShowsWordcountsPairs() {
        Browser browser = browser();
        browser.open(url("/#/flows/wordcount"));
        browser.awaitView("flow");
        assertThat(browser.text(By.id("input-type"))).isEqualTo("String");
        assertThat(browser.find(By.id("run-input")).getDomProperty("value"))
                .as("an example to start from")
                .contains("the quick brown fox");

        WebElement input = browser.find(By.id("run-input"));
        input.clear();
        input.sendKeys(WORDCOUNT_INPUT);
        browser.find(By.id("run-workers")).sendKeys("2");
        browser.find(By.id("run-button")).click();
        browser.waiting()
                .alias("the run's answer")
                .until(() -> "done".equals(browser.attribute(By.id("run-result"), "data-state")));

        Set<String> shown = new HashSet<>();
        for (WebElement row : browser.findAll(By.cssSelector("#run-pairs tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            shown.add(cells.get(0).getText() + " " + cells.get(1).getText() + " "
                    + cells.get(2).getText());
        }
        assertThat(shown).isEqualTo(WORDCOUNT_OUTPUT);
        assertThat(browser.text(By.id("run-summary"))).startsWith("6 pairs captured");
        // the run's per-step figures (Sluice-Steps): 3 pairs in, 9 words into reduce_epoch, 6 counts out
        assertThat(browser.text(By.cssSelector("#steps tr[data-step='0'] .in"))).isEqualTo("3");
        assertThat(browser.text(By.cssSelector("#steps tr[data-step='3'] .in"))).isEqualTo("9");
        assertThat(browser.attribute(By.cssSelector("svg.graph g[data-step='3']"), "data-items-out"))
                .isEqualTo("6");

        // the same items, one epoch each (POST /run/items?epochs=ordered): the box turns them into items
        browser.find(By.cssSelector("#run-mode option[value='ordered']")).click();
        assertThat(browser.find(By.id("run-input")).getDomProperty("value"))
                .doesNotContain("[0,")
                .contains("\"to see\"");
        browser.find(By.id("run-button")).click();
        browser.waiting()
                .alias("the ordered run's answer")
                .until(() -> "done".equals(browser.attribute(By.id("run-result"), "data-state"))
                        && browser.text(By.id("run-summary")).startsWith("7 pairs"));
        browser.screenshot("flow-run");
        browser.assertNoConsoleErrors("a finite run");
    }

    @Test
    void aBadInputShowsTheProblemTheServiceAnswered() {
        Browser browser = browser();
        String bad = "[[0, 12]]";
        String detail = json(send("POST", url("/flows/wordcount/run?stats=true"), "application/json", bad, null))
                .get("detail")
                .asString();

        browser.open(url("/#/flows/wordcount"));
        browser.awaitView("flow");
        WebElement input = browser.find(By.id("run-input"));
        input.clear();
        input.sendKeys(bad);
        browser.find(By.id("run-button")).click();
        browser.waiting()
                .alias("the problem")
                .until(() -> "problem".equals(browser.attribute(By.id("run-result"), "data-state")));
        assertThat(browser.text(By.cssSelector("#run-result .problem .title"))).isEqualTo("400 Invalid input");
        assertThat(browser.text(By.cssSelector("#run-result .problem .detail")))
                .isEqualTo(detail)
                .contains("pair 0");
        browser.screenshot("flow-bad-input");
        // the browser reports the 400 itself; nothing else may be logged
        browser.assertNoConsoleErrors(
                "a bad input", message -> message.contains("/flows/wordcount/run") && message.contains("400"));
    }

    @Test
    void aJobStartedFromTheJobsPageShowsItsCountsAndOutputRisingWithoutAReload() throws IOException {
        Browser browser = browser();
        browser.open(url("/#/jobs?flow=wordcount"));
        browser.awaitView("jobs");
        assertThat(browser.find(By.cssSelector("#job-flow option[value='wordcount']"))
                        .isSelected())
                .isTrue();
        browser.find(By.cssSelector("#job-guarantee option[value='exactly-once']"))
                .click();
        browser.find(By.id("job-snapshot-interval")).sendKeys("200");
        browser.find(By.id("job-workers")).sendKeys("2");
        browser.find(By.id("job-start")).click();
        browser.awaitView("job");
        String id = browser.currentUrl().replaceAll("^.*#/jobs/", "");
        jobs.add(id);
        JsonNode job = json(get(url("/jobs/" + id)));
        assertThat(job.get("flow").asString()).isEqualTo("wordcount");
        assertThat(job.get("processingGuarantee").asString()).isEqualTo("exactly-once");
        assertThat(job.get("snapshotIntervalMillis").asLong()).isEqualTo(200);
        assertThat(job.get("workersPerProcess").asInt()).isEqualTo(2);
        browser.script("window.sameDocument = true");

        // fed from the API, in three rounds: each shows without a reload
        feed(id, "[[0, \"To be or not to be\"], [0, \"to see\"]]");
        awaitStep(browser, 0, "2");
        feed(id, "[[1, \"be\"]]"); // epoch 0 closes: its five counts come out
        awaitStep(browser, 0, "3");
        awaitOutputRows(browser, 5);
        feed(id, "[[2, \"see you\"]]"); // epoch 1 closes
        awaitStep(browser, 0, "4");
        awaitOutputRows(browser, 6);
        browser.waiting()
                .alias("the keyed step's frontier at epoch 2")
                .until(() -> browser.text(By.cssSelector("#steps tr[data-step='3'] .frontier"))
                        .equals("2"));
        assertThat(browser.attribute(By.cssSelector("svg.graph g[data-step='0']"), "data-items-in"))
                .isEqualTo("4");
        assertThat(browser.text(By.cssSelector("#output tbody tr[data-offset='5']")))
                .contains("[\"be\",1]");
        assertThat(browser.script("return window.sameDocument === true"))
                .as("no reload")
                .isEqualTo(true);
        browser.waiting()
                .alias("a snapshot seen")
                .until(() -> !browser.findAll(By.cssSelector("#snapshots tbody tr:not(.empty)"))
                        .isEmpty());

        Path screenshot = browser.screenshot("job-running");
        String readme = System.getProperty(README_SCREENSHOT);
        if (readme != null && !readme.isBlank()) {
            Files.createDirectories(Path.of(readme).toAbsolutePath().getParent());
            Files.copy(screenshot, Path.of(readme), StandardCopyOption.REPLACE_EXISTING);
        }
        browser.assertNoConsoleErrors("a job's view");
    }

    @Test
    void cancelAsksForAConfirmationThenCancelsTheJob() {
        Browser browser = browser();
        String id = startJob(
                "anomaly-detector",
                "{\"input\": {\"type\": \"builder\", \"name\": \"steady-readings\"}, \"output\": {\"type\": \"http\"}}");
        browser.open(url("/#/jobs/" + id));
        browser.awaitView("job");
        browser.waiting()
                .alias("the builder's output arriving")
                .until(() -> browser.findAll(By.cssSelector("#output tbody tr[data-offset]"))
                                .size()
                        >= 3);
        assertThat(browser.find(By.id("feed")).isEnabled())
                .as("a builder-fed job takes no input")
                .isFalse();

        browser.find(By.id("cancel")).click();
        assertThat(browser.script("return document.getElementById('cancel-dialog').open"))
                .isEqualTo(true);
        browser.screenshot("job-cancel-dialog");
        browser.find(By.id("cancel-dismiss")).click();
        assertThat(browser.script("return document.getElementById('cancel-dialog').open"))
                .isEqualTo(false);
        assertThat(json(get(url("/jobs/" + id))).get("status").asString())
                .as("kept running")
                .isEqualTo("RUNNING");

        browser.find(By.id("cancel")).click();
        browser.find(By.id("cancel-confirm")).click();
        browser.waiting()
                .alias("the job shown cancelled")
                .until(() -> browser.text(By.id("job-status")).equals("CANCELLED"));
        assertThat(json(get(url("/jobs/" + id))).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(browser.find(By.id("cancel")).isEnabled()).isFalse();
        browser.waiting()
                .alias("the output stream ended with the job")
                .until(() -> "ended".equals(browser.attribute(By.id("output-state"), "data-state")));
        browser.screenshot("job-cancelled");
        browser.assertNoConsoleErrors("cancelling a job");
    }

    private String startJob(String flow, String body) {
        HttpResponse<String> started = postJson(url("/flows/" + flow + "/jobs"), body);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = json(started).get("id").asString();
        jobs.add(id);
        return id;
    }

    private void feed(String id, String pairs) {
        HttpResponse<String> fed = postJson(url("/jobs/" + id + "/input"), pairs);
        assertThat(fed.statusCode()).as(fed.body()).isEqualTo(202);
    }

    private static void awaitStep(Browser browser, int step, String itemsIn) {
        browser.waiting()
                .alias("step " + step + " shows " + itemsIn + " in")
                .until(() -> browser.text(By.cssSelector("#steps tr[data-step='" + step + "'] .in"))
                        .equals(itemsIn));
    }

    private static void awaitOutputRows(Browser browser, int rows) {
        browser.waiting()
                .alias(rows + " pairs of output shown")
                .until(() -> browser.findAll(By.cssSelector("#output tbody tr[data-offset]"))
                                .size()
                        == rows);
    }
}
