package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.BrowserTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The workspace in a real browser, for each user: a finance officer records through the forms
 * (a receipt, an error at its field, a double click, a close with its carry-forward shown first, a
 * reversal started from an entry, an import checked then applied), an auditor verifies and
 * downloads a statement, a viewer sees no form and a forged POST from the page is refused. Every
 * state is scanned with axe-core: no serious or critical violation.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class WorkspaceBrowserTest extends BrowserTest {

    private static final String LONDON_2025_RECEIVED =
            "td[data-funder='London'][data-year='2025-26'][data-field='received']";

    @TempDir
    Path files;

    /** No serious or critical accessibility violation on the page as it is now. */
    private void accessible(String state) {
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(browser);
        List<String> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                        + rule.getNodes().stream()
                                .map(n -> String.valueOf(n.getTarget()))
                                .toList())
                .toList();
        assertThat(serious).as("axe-core on " + state).isEmpty();
    }

    private void open(String user) {
        signInAs(user);
        browser.get("http://localhost:" + port + "/?arrangement=ctpn");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.id("status")).getText().startsWith("Live"));
    }

    private WebElement openForm(String id) {
        WebElement details = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.id("details-" + id)));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
        return browser.findElement(By.id("form-" + id));
    }

    private void fill(String form, String field, String value) {
        WebElement control = browser.findElement(By.id(form + "-" + field));
        if (control.getTagName().equals("select")) {
            new Select(control).selectByValue(value);
        } else {
            control.clear();
            control.sendKeys(value);
        }
    }

    private String result(String form, String starting) {
        return awaitText("#form-" + form + "-result", text -> text.startsWith(starting));
    }

    private long head() {
        return api.get("/api/arrangements/ctpn/balances").json().get("position").asLong();
    }

    private BigDecimal received(String funder, String year) {
        return new BigDecimal(Api.row(
                        api.get("/api/arrangements/ctpn/balances?fiscalYear=" + year)
                                .json(),
                        funder,
                        year)
                .get("received")
                .asText());
    }

    @Test
    void aFinanceOfficerRecordsAReceiptSeesAnErrorAtItsFieldAndADoubleClickStoresOnce() throws Exception {
        open("finance");
        accessible("the dashboard with the workspace");
        BigDecimal before = received("London", "2025-26");

        // a receipt typed as people type amounts
        openForm("receipt");
        fill("receipt", "funder", "London");
        fill("receipt", "contributor", "GLA");
        fill("receipt", "fiscalYear", "2025-26");
        fill("receipt", "amount", "£1,234.50");
        browser.executeScript("document.getElementById('receipt-receivedOn').value = '2025-06-30';");
        browser.findElement(By.cssSelector("#form-receipt button[type=submit]")).click();
        assertThat(result("receipt", "Stored")).startsWith("Stored: entry ");
        assertThat(received("London", "2025-26")).isEqualByComparingTo(before.add(new BigDecimal("1234.50")));
        String shown = NumberFormat.getCurrencyInstance(Locale.UK).format(before.add(new BigDecimal("1234.50")));
        assertThat(textOf(LONDON_2025_RECEIVED, shown)).isEqualTo(shown);
        screenshotForDocs("workspace-receipt.png");

        // a refusal shows at its field, in words, and stores nothing
        long unchanged = head();
        fill("receipt", "funder", "London");
        fill("receipt", "fiscalYear", "2025-26");
        fill("receipt", "amount", "12,34");
        browser.executeScript("document.getElementById('receipt-receivedOn').value = '2025-06-30';");
        browser.findElement(By.cssSelector("#form-receipt button[type=submit]")).click();
        assertThat(result("receipt", "Not stored")).startsWith("Not stored");
        assertThat(awaitText("#receipt-amount-error", text -> !text.isEmpty())).contains("code: invalid-field");
        assertThat(browser.findElement(By.id("receipt-amount")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(head()).isEqualTo(unchanged);
        accessible("a form with an error shown");
        screenshotForDocs("workspace-error.png");

        // the same form sent twice in a row (a double click) stores one entry
        fill("receipt", "contributor", "LFC");
        fill("receipt", "amount", "10");
        browser.executeScript(
                "const f = document.getElementById('form-receipt'); f.requestSubmit(); f.requestSubmit();");
        assertThat(result("receipt", "Stored")).startsWith("Stored");
        assertThat(head()).isEqualTo(unchanged + 1);
    }

    @Test
    void aYearIsClosedByKeyboardWithItsCarryForwardShownFirstAndAnEntryIsReversedFromTheHistory() throws Exception {
        open("finance");
        // by keyboard alone: open the form, move with Tab, act with Enter
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.cssSelector("#details-close summary")))
                .sendKeys(Keys.ENTER);
        Actions keys = new Actions(browser);
        keys.sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("close-fiscalYear");
        String year = new Select(browser.findElement(By.id("close-fiscalYear")))
                .getFirstSelectedOption()
                .getAttribute("value");
        WebElement confirm = browser.findElement(By.cssSelector("#form-close button[type=submit]"));
        assertThat(confirm.isEnabled()).isFalse();
        keys.sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("close-preview-button");
        keys.sendKeys(Keys.ENTER).perform();
        assertThat(awaitText("#close-preview caption", text -> text.startsWith("Closing " + year)))
                .contains("carries these positions");
        assertThat(browser.findElements(By.cssSelector("#close-preview tbody tr")))
                .hasSize(3);
        accessible("a close with its carry-forward shown");
        screenshotForDocs("workspace-close.png");
        keys.sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Close " + year + " and record this");
        keys.sendKeys(Keys.ENTER).perform();
        assertThat(result("close", "Stored")).startsWith("Stored");
        assertThat(api.get("/api/arrangements/ctpn").json().get("years").findValuesAsText("closed"))
                .contains("true");

        // a reversal started from an entry in the history, showing what it cancels
        Api.Response posted = api.post("/api/arrangements/ctpn/costs", """
                {"entryId": "wrong-cost", "fiscalYear": "2026-27", "category": "printing", "amount": "99.00",
                 "incurredOn": "2026-05-01", "description": "Entered by mistake"}""");
        assertThat(posted.status()).isEqualTo(201);
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> !driver.findElements(By.cssSelector("button[aria-label='Reverse entry wrong-cost']"))
                        .isEmpty());
        browser.findElement(By.cssSelector("button[aria-label='Reverse entry wrong-cost']"))
                .click();
        assertThat(browser.findElement(By.id("reversal-entryId")).getAttribute("value"))
                .isEqualTo("wrong-cost");
        assertThat(browser.findElement(By.id("reversal-entryId-hint")).getText())
                .contains("CostRecorded");
        fill("reversal", "reason", "Entered by mistake");
        browser.findElement(By.cssSelector("#form-reversal button[type=submit]"))
                .click();
        assertThat(result("reversal", "Stored")).startsWith("Stored");
        assertThat(api.post("/api/arrangements/ctpn/reversals", "{\"entryId\":\"wrong-cost\",\"reason\":\"again\"}")
                        .json()
                        .get("code")
                        .asText())
                .isEqualTo("entry-already-reversed");
    }

    @Test
    void aReviewIsPreviewedWithEveryChangedFigureMarkedThenRecordedAndADecisionRegistered() throws Exception {
        open("finance");
        openForm("review");
        fill("review", "effectiveFrom", "2026-27");
        fill("review", "share0", "40");
        fill("review", "share1", "35");
        fill("review", "reason", "Stockholm's share reduced");
        fill("review", "decisionRef", "REV-2026");
        long before = head();
        browser.findElement(By.id("review-preview-button")).click();
        assertThat(awaitText("#review-changes caption", text -> text.contains("would change")))
                .contains("would change");
        assertThat(browser.findElements(By.cssSelector("#years td.would-change")))
                .isNotEmpty();
        assertThat(head()).isEqualTo(before);
        accessible("a review's preview");
        browser.executeScript("document.getElementById('review-changes').scrollIntoView();");
        screenshotForDocs("workspace-review.png");
        browser.findElement(By.cssSelector("#form-review button[type=submit]")).click();
        assertThat(result("review", "Stored")).startsWith("Stored");
        assertThat(Api.row(
                                api.get("/api/arrangements/ctpn/balances?fiscalYear=2026-27")
                                        .json(),
                                "Stockholm",
                                "2026-27")
                        .get("sharePercent")
                        .asText())
                .isEqualTo("40");

        openForm("decision");
        fill("decision", "decisionRef", "ADD-9");
        fill("decision", "title", "Washington DC funding 2025-26");
        browser.executeScript("document.getElementById('decision-signedOn').value = '2025-04-01';");
        fill("decision", "funder0", "Washington DC");
        fill("decision", "fiscalYear0", "2025-26");
        fill("decision", "amount0", "37,875.00");
        browser.findElement(By.id("decision-more")).click();
        fill("decision", "funder1", "Washington DC");
        fill("decision", "fiscalYear1", "2026-27");
        fill("decision", "amount1", "£40,000");
        browser.findElement(By.cssSelector("#form-decision button[type=submit]"))
                .click();
        assertThat(result("decision", "Stored")).startsWith("Stored");
        JsonNode decision = api.get("/api/arrangements/ctpn/decisions/ADD-9").json();
        assertThat(decision.get("registered").asBoolean()).isTrue();
        assertThat(decision.get("authorisations").findValuesAsText("authorised"))
                .containsExactly("37875.00", "40000.00");
    }

    @Test
    void aSpreadsheetIsCheckedRowByRowThenImportedWithOneClick() throws Exception {
        open("finance");
        openForm("import");
        Path bad = files.resolve("bad.csv");
        Files.writeString(bad, """
                reference,kind,funder,contributor,fiscalYear,amount,date
                w-1,receipt,London,GLA,2025-26,10.00,2025-05-02
                w-2,receipt,Paris,,2025-26,10.00,2025-05-02
                """);
        browser.findElement(By.id("import-file")).sendKeys(bad.toString());
        browser.findElement(By.cssSelector("#form-import button[type=submit]")).click();
        assertThat(awaitText("#import-errors caption", text -> !text.isEmpty()))
                .startsWith("1 rows cannot be imported");
        assertThat(browser.findElement(By.cssSelector("#import-errors tbody th"))
                        .getText())
                .isEqualTo("3");
        assertThat(browser.findElement(By.id("import-apply")).isEnabled()).isFalse();
        accessible("an import's errors");
        screenshotForDocs("workspace-import-errors.png");

        Path good = files.resolve("good.csv");
        Files.writeString(good, """
                reference,kind,funder,contributor,fiscalYear,amount,date
                w-1,receipt,London,GLA,2025-26,10.00,2025-05-02
                w-2,receipt,Washington DC,,2025-26,20.00,2025-05-02
                """);
        long before = head();
        browser.findElement(By.id("import-file")).sendKeys(good.toString());
        browser.findElement(By.cssSelector("#form-import button[type=submit]")).click();
        assertThat(awaitText("#import-report p", text -> text.startsWith("2 rows")))
                .isEqualTo("2 rows: 2 to create, 0 already imported. Nothing is stored yet.");
        assertThat(head()).isEqualTo(before);
        accessible("an import's preview");
        browser.findElement(By.id("import-apply")).click();
        assertThat(result("import", "Imported")).startsWith("Imported: 2 entries created");
        assertThat(head()).isEqualTo(before + 3);
    }

    /** A programme with more arrangements than the picker holds: the one wanted is found by typing. */
    @Test
    void anArrangementAmongManyIsFoundByTypingPartOfItsName() throws Exception {
        Api finance = new Api(port).as("finance");
        for (int i = 0; i < 60; i++) {
            String id = String.format("fund-%02d", i);
            assertThat(finance.post("/api/arrangements", """
                                    {"arrangementId": "%s", "name": "Resilience fund %02d", "host": "City A",
                                     "basis": "COST_RECOVERY", "currency": "GBP", "firstFiscalYear": "2024-25",
                                     "lastFiscalYear": "2025-26",
                                     "shares": [{"funder": "A", "percent": "60"}, {"funder": "B", "percent": "40"}],
                                     "annualBudget": "1000", "decisionRef": "D-1"}""".formatted(id, i)).status())
                    .isEqualTo(201);
        }
        open("viewer");
        Select picker = new Select(browser.findElement(By.id("arrangement")));
        // one page of the list, the chosen arrangement in it
        assertThat(picker.getOptions()).hasSize(50);
        assertThat(picker.getFirstSelectedOption().getAttribute("value")).isEqualTo("ctpn");

        browser.findElement(By.id("arrangement-search")).sendKeys("FUND 42");
        assertThat(awaitText("#arrangement-found", text -> text.endsWith("matches.")))
                .isEqualTo("1 arrangement matches.");
        // what is shown stays in the picker while the search narrows it
        assertThat(picker.getOptions()).extracting(o -> o.getAttribute("value")).containsExactly("ctpn", "fund-42");
        accessible("the arrangement search");
        picker.selectByValue("fund-42");
        assertThat(awaitText("#arrangement-name", text -> text.contains("42"))).isEqualTo("Resilience fund 42");
        assertThat(browser.getCurrentUrl()).endsWith("arrangement=fund-42");

        browser.findElement(By.id("arrangement-search")).clear();
        browser.findElement(By.id("arrangement-search")).sendKeys("nothing like it");
        assertThat(awaitText("#arrangement-found", text -> text.startsWith("No")))
                .isEqualTo("No arrangement matches.");
        // the page opened at an arrangement beyond the first page still shows it
        browser.get("http://localhost:" + port + "/?arrangement=fund-59");
        assertThat(awaitText("#arrangement-name", text -> text.contains("59"))).isEqualTo("Resilience fund 59");
        assertThat(new Select(browser.findElement(By.id("arrangement")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("fund-59");
    }

    @Test
    void anAuditorVerifiesAndDownloadsAStatementAndAViewerSeesNoFormAndCannotForgeOne() throws Exception {
        open("auditor");
        assertThat(browser.findElement(By.id("workspace")).isDisplayed()).isFalse();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.id("audit")).isDisplayed());
        browser.findElement(By.id("verify")).click();
        assertThat(awaitText("#verify-result", text -> text.startsWith("The history verifies")))
                .startsWith("The history verifies");
        assertThat(browser.findElement(By.id("verify-progress")).getAttribute("value"))
                .isEqualTo(browser.findElement(By.id("verify-progress")).getAttribute("max"));
        // the register: ADD2634's authorisations with nothing left (the reference commitments use them up)
        assertThat(awaitText("#register tbody", text -> text.contains("ADD2634")))
                .contains("ADD2634");
        assertThat(browser.findElements(By.xpath("//table[@id='register']//tr[th='ADD2634']/td[6]")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("0.00", "0.00");
        // the ledger as it was just after a position
        browser.findElement(By.id("at-position")).sendKeys("6");
        browser.findElement(By.id("show-as-of")).click();
        assertThat(awaitText("#status", text -> text.startsWith("At position 6")))
                .startsWith("At position 6");
        browser.findElement(By.id("live")).click();

        // the history filtered by a decision: only what cites it
        browser.findElement(By.id("filter-decisionRef")).sendKeys("ADD2634");
        browser.findElement(By.cssSelector("#explorer button[type=submit]")).click();
        assertThat(awaitText("#explorer-status", text -> text.contains("events found")))
                .contains("events found");
        List<String> decisions = browser.findElements(By.cssSelector("#entries tbody tr td:nth-child(5)")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(decisions).hasSizeGreaterThanOrEqualTo(3).allMatch("ADD2634"::equals);
        accessible("the history filtered by decision");
        screenshotForDocs("workspace-history.png");
        new Select(browser.findElement(By.id("statement-year"))).selectByValue("2023-24");
        String href = browser.findElement(By.cssSelector("a[aria-label='London statement 2023-24 as CSV']"))
                .getAttribute("href");
        // the page's link answers the statement whose figures the page shows
        String csv = (String) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);",
                href);
        String committed = Api.row(
                        api.get("/api/arrangements/ctpn/balances?fiscalYear=2023-24")
                                .json(),
                        "London",
                        "2023-24")
                .get("committed")
                .asText();
        assertThat(csv).contains("funder,London", "committed," + committed);
        accessible("the audit tools");
        browser.manage().window().setSize(new Dimension(390, 1600));
        Thread.sleep(300);
        accessible("the page on a phone");
        screenshotForDocs("workspace-audit-phone.png");

        open("viewer");
        Thread.sleep(500);
        assertThat(browser.findElement(By.id("workspace")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("audit")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#forms form"))).isEmpty();
        long before = head();
        Object status = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/api/arrangements/ctpn/receipts', {method: 'POST', headers: {'Content-Type':"
                + " 'application/json'}, body: JSON.stringify({funder: 'London', contributor: 'GLA',"
                + " fiscalYear: '2025-26', amount: '1', receivedOn: '2025-06-30'})}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(head()).isEqualTo(before);
        accessible("the viewer's page");
    }
}
