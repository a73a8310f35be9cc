package dev.sluice.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven by Selenium through Debian's {@code chromedriver}: headless, without the
 * sandbox (the tests run as root), at a fixed window size, with the browser's console log kept so that
 * a test can assert it holds no error. Screenshots go to {@code target/dashboard-screenshots/}.
 *
 * <p>{@link #assumeInstalled()} skips a test when Chromium or its driver is missing, except under CI
 * ({@code CI=true}, where {@code .ci/run} installs both): there it fails. The system properties
 * {@code sluice.test.chromium} and {@code sluice.test.chromedriver} name other binaries.
 */
public final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("sluice.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("sluice.test.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    /** How long a view may take to show what a test waits for. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Skips the test without Chromium and its driver, unless under CI, where it fails. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(
                installed || ci,
                CHROMIUM + " or " + CHROMEDRIVER
                        + " is missing (apt-get install chromium chromium-driver); this test only runs with them, "
                        + "or under CI=true");
        assertThat(installed)
                .as(
                        "under CI, %s and %s must be installed (.ci/run installs Debian's chromium and chromium-driver)",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
    }

    private static Browser shared;

    /**
     * One browser for every test class of this JVM that needs one (a start costs seconds), started on
     * first use and closed when the JVM exits; skips the test as {@link #assumeInstalled()} does. What
     * the console holds from an earlier test is dropped.
     */
    public static synchronized Browser shared() {
        assumeInstalled();
        if (shared == null) {
            Browser browser = start();
            Runtime.getRuntime().addShutdownHook(new Thread(browser::close, "close-browser"));
            shared = browser;
        }
        shared.consoleErrors();
        return shared;
    }

    public static Browser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs); // Chromium keeps its console log for the test
        // the driver given, so Selenium Manager downloads nothing
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    /** Loads the page afresh (also when only its hash differs from the page shown). */
    public void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    /** Navigates inside the page (a hash route), without loading it again. */
    public void route(String hash) {
        script("document.getElementById('main').dataset.state = 'loading'; location.hash = arguments[0]", hash);
    }

    /** Waits until the view {@code name} has loaded (the dashboard marks {@code main}). */
    public void awaitView(String name) {
        waiting()
                .alias("the view " + name + " has loaded")
                .until(() -> name.equals(attribute(By.id("main"), "data-view"))
                        && "ready".equals(attribute(By.id("main"), "data-state")));
    }

    public ConditionFactory waiting() {
        return Awaitility.await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions();
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    public String attribute(By by, String name) {
        return driver.findElement(by).getDomAttribute(name);
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Saves the whole page as {@code target/dashboard-screenshots/<name>.png} (the window made as tall as
     * the page for the shot, then as before); returns the file.
     */
    public Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        script("window.scrollTo(0, 0)");
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            if (height > window.getHeight()) {
                driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 40, 6000)));
            }
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /** Shows pages as a phone of that width would, in the dark scheme or the light one (Chromium's emulation). */
    void emulate(int width, boolean dark) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", true));
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** Back to the window's own size and the system's scheme. */
    void stopEmulating() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    /** Cuts the browser off the network (every request fails, as when the member is gone), or lets it back on. */
    void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** The console's errors since the last call (reading the log empties it). */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** Asserts the console has logged no error since the last look, but those {@code expected} allows. */
    public void assertNoConsoleErrors(String where, Predicate<String> expected) {
        assertThat(consoleErrors().stream().filter(expected.negate()).toList())
                .as("console errors on %s", where)
                .isEmpty();
    }

    public void assertNoConsoleErrors(String where) {
        assertNoConsoleErrors(where, message -> false);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
