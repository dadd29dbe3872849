package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.BrowserTest;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its chromedriver
 * (.ci/run installs both). Signed in as the VIEWER; a commitment posted through the API appears
 * on the page without a reload. Screenshots go to target/screenshots/ on every run.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class DashboardBrowserTest extends BrowserTest {

    private static final String LONDON_2023_COMMITTED =
            "td[data-funder='London'][data-year='2023-24'][data-field='committed']";

    @Test
    void showsTheReferenceCaseAndANewCommitmentWithoutAReload() throws Exception {
        browser.get("http://localhost:" + port + "/");
        assertThat(textOf(LONDON_2023_COMMITTED, "£37,875.00")).isEqualTo("£37,875.00");
        assertThat(textOf("td[data-year='2023-24'][data-total='budgetShare']", "£151,500.00"))
                .isEqualTo("£151,500.00");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.id("status")).getText().startsWith("Live"));
        // marks the page: a reload would lose it
        browser.executeScript("window.__notReloaded = true;");

        Api.Response posted = new Api(port)
                .post(
                        "/api/arrangements/ctpn/commitments",
                        "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2023-24\",\"amount\":\"1000.50\",\"decisionRef\":\"BT-1\"}");
        assertThat(posted.status()).isEqualTo(201);
        long started = System.nanoTime();
        assertThat(textOf(LONDON_2023_COMMITTED, "£38,875.50")).isEqualTo("£38,875.50");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(browser.executeScript("return window.__notReloaded === true;"))
                .isEqualTo(true);
        // a viewer sees that an event changed the figures, never its content
        long position = posted.json().path("position").asLong();
        assertThat(awaitText("#events", text -> text.contains("position " + position)))
                .startsWith("Commitment · recorded ")
                .contains("position " + position)
                .doesNotContain("BT-1")
                .doesNotContain("London");
        // those who may read the history see what it was and under which decision
        signInAs("auditor");
        browser.navigate().refresh();
        assertThat(awaitText("#events", text -> text.contains("BT-1")))
                .contains("Commitment · London (GLA) · 2023-24 · £1,000.50")
                .contains("decision BT-1");
        signInAs("viewer");
        browser.navigate().refresh();
        assertThat(textOf(LONDON_2023_COMMITTED, "£38,875.50")).isEqualTo("£38,875.50");
        // a wall screen, the whole page
        browser.manage().window().setSize(new Dimension(1920, 1080));
        Object height = browser.executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(1920, ((Number) height).intValue() + 200));
        Thread.sleep(300);
        screenshot("dashboard.png");

        // labelled controls and tables a screen reader can read
        assertThat(browser.findElement(By.cssSelector("label[for='arrangement']"))
                        .getText())
                .isEqualTo("Arrangement");
        assertThat(browser.findElement(By.cssSelector("label[for='as-of']")).getText())
                .startsWith("View as of");
        assertThat(browser.findElements(By.cssSelector("#years table caption"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#years tbody th[scope='row']")))
                .hasSize(12);
        assertThat(browser.findElements(By.cssSelector("#years thead th[scope='col']")))
                .hasSize(32);

        browser.manage().window().setSize(new Dimension(390, 1600));
        Thread.sleep(300);
        screenshot("dashboard-phone.png");
    }

    @Test
    void showsTheLedgerAsOfAPastInstantAndGoesBackToLive() throws Exception {
        Api finance = new Api(port);
        String before = Instant.now().toString();
        Thread.sleep(20);
        assertThat(finance.post(
                                "/api/arrangements/ctpn/commitments",
                                "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"500.00\",\"decisionRef\":\"BT-2\"}")
                        .status())
                .isEqualTo(201);
        String stockholm2024 = "td[data-funder='Stockholm'][data-year='2024-25'][data-field='committed']";
        String now = finance.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25&funder=Stockholm")
                .json()
                .get("rows")
                .get(0)
                .get("committed")
                .asText();
        String then = finance.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25&funder=Stockholm&asOf=" + before)
                .json()
                .get("rows")
                .get(0)
                .get("committed")
                .asText();

        browser.get("http://localhost:" + port + "/?arrangement=ctpn");
        assertThat(textOf(stockholm2024, gbp(now))).isEqualTo(gbp(now));
        // the control takes local time; this browser runs in the test's time zone
        String local = LocalDateTime.ofInstant(Instant.parse(before), ZoneId.systemDefault())
                .withNano(0)
                .plusSeconds(0)
                .toString();
        browser.executeScript("document.getElementById('as-of').value = arguments[0];", local);
        browser.findElement(By.id("show-as-of")).click();
        assertThat(textOf(stockholm2024, gbp(then))).isEqualTo(gbp(then));
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("As of");
        browser.findElement(By.id("live")).click();
        assertThat(textOf(stockholm2024, gbp(now))).isEqualTo(gbp(now));
    }

    @Test
    void swaggerUiRendersTheApiDescriptionUnderTheContentSecurityPolicy() {
        browser.get("http://localhost:" + port + "/swagger-ui/index.html");
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(driver -> driver.findElements(By.cssSelector(".opblock")).size() >= 16);
        assertThat(awaitText(".info .title", text -> text.startsWith("Funding ledger API")))
                .startsWith("Funding ledger API");
        assertThat(browser.findElements(By.cssSelector(".opblock-post"))).hasSizeGreaterThanOrEqualTo(8);
    }

    private static String gbp(String amount) {
        return NumberFormat.getCurrencyInstance(Locale.UK).format(new BigDecimal(amount));
    }
}
