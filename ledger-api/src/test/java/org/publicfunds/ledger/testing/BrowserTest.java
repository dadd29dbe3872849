package org.publicfunds.ledger.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * For tests of the page in a real browser: Debian's headless Chromium, driven through its
 * chromedriver (.ci/run installs both; without them the tests are skipped with a message naming
 * the packages, unless {@code -Dbrowser.required=true}). Signed in as the VIEWER until a test says
 * otherwise. Screenshots go to target/screenshots/ on every run.
 */
public abstract class BrowserTest extends HttpTest {

    private static final String CHROMIUM = System.getProperty("chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chromedriver", "/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path profile;

    protected ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        boolean installed = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        String missing = "needs Debian's packages chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): apt-get install chromium chromium-driver";
        if (Boolean.getBoolean("browser.required")) {
            assertThat(installed).as(missing).isTrue();
        }
        Assumptions.assumeTrue(installed, "skipped: " + missing);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1600,1500",
                "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        // sign in as the viewer on every request the page makes (the page, its fetches and its event stream)
        browser.executeCdpCommand("Network.enable", Map.of());
        signInAs("viewer");
    }

    protected void signInAs(String user) {
        browser.executeCdpCommand(
                "Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", Api.basic(user))));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The text of the first element matching {@code css} once it reads {@code expected} (or the last text seen). */
    protected String textOf(String css, String expected) {
        return awaitText(css, expected::equals);
    }

    protected String awaitText(String css, Predicate<String> wanted) {
        String[] last = {null};
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> {
                // read in the page: the tables are redrawn on every change, so element handles go stale
                last[0] = (String) browser.executeScript(
                        "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
                return last[0] != null && wanted.test(last[0]);
            });
        } catch (TimeoutException e) {
            // the assertion that follows shows what was there
        }
        return last[0];
    }

    /** A screenshot kept in the repository's docs/ (the README shows it), refreshed by every run. */
    protected void screenshotForDocs(String name) throws Exception {
        screenshot(name);
        Path docs = Path.of("..", "docs", "screenshots");
        Files.createDirectories(docs);
        Files.copy(SCREENSHOTS.resolve(name), docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    protected void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
