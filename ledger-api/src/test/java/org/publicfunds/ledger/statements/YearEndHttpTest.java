package org.publicfunds.ledger.statements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The worked case of the README (LEDGER.md 8.4 to 8.6 and 8.8), over HTTP: the reference case in
 * three currencies, receipts with their rates, costs and an in-kind conference, the year-end
 * true-up carried through the term and settled after the last year, and each city's statement,
 * the same bytes twice in every format, recomputed offline from an export to the same bytes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true"})
@DirtiesContext
class YearEndHttpTest extends HttpTest {

    /** The case of each test: its own arrangement, as the tests share one service. */
    private String arrangement = "/api/arrangements/ctpn-fx";

    @TempDir
    Path files;

    private void created(String path, String body) {
        Api.Response response = api.post(path, body);
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(201);
    }

    private JsonNode row(String funder, String year) {
        return Api.row(api.get(arrangement + "/balances?fiscalYear=" + year).json(), funder, year);
    }

    private JsonNode contributorRow(String contributor, String year) {
        for (JsonNode row :
                api.get(arrangement + "/balances?fiscalYear=" + year).json().get("contributors")) {
            if (row.get("contributor").asText().equals(contributor)) {
                return row;
            }
        }
        throw new AssertionError("no row of " + contributor + " in " + year);
    }

    private long head() {
        return api.get(arrangement + "/balances").json().get("position").asLong();
    }

    private void openTheCaseInThreeCurrencies(String id) {
        arrangement = "/api/arrangements/" + id;
        created("/api/arrangements", """
                {"arrangementId": "%s", "name": "Counter-Terrorism Preparedness Network",
                 "host": "London Fire Commissioner", "basis": "COST_RECOVERY", "currency": "GBP",
                 "firstFiscalYear": "2023-24", "lastFiscalYear": "2026-27", "annualBudget": "151500",
                 "allocationUnit": "1", "decisionRef": "ADD2634",
                 "shares": [
                   {"funder": "Stockholm", "percent": "50", "currency": "SEK"},
                   {"funder": "London", "percent": "25",
                    "contributors": [{"contributor": "GLA", "percent": "50"}, {"contributor": "LFC", "percent": "50"}]},
                   {"funder": "Washington DC", "percent": "25", "currency": "USD"}]}""".formatted(id));
        created(arrangement + "/receipts", """
                {"entryId": "sto-2023", "funder": "Stockholm", "fiscalYear": "2023-24", "amount": "1000000.00",
                 "rate": "0.0745", "rateSource": "ECB reference rate 2023-05-02", "receivedOn": "2023-05-02"}""");
        created(arrangement + "/receipts", """
                {"entryId": "gla-2023", "funder": "London", "contributor": "GLA", "fiscalYear": "2023-24",
                 "amount": "18938", "receivedOn": "2023-05-10"}""");
        created(arrangement + "/receipts", """
                {"entryId": "lfc-2023", "funder": "London", "contributor": "LFC", "fiscalYear": "2023-24",
                 "amount": "18937", "receivedOn": "2023-05-10"}""");
        created(arrangement + "/receipts", """
                {"entryId": "dc-2023", "funder": "Washington DC", "fiscalYear": "2023-24", "amount": "50000.00",
                 "reportingAmount": "39250.00", "rate": "0.785", "rateSource": "bank statement",
                 "receivedOn": "2023-06-01"}""");
        created(arrangement + "/costs", """
                {"entryId": "coord-2023", "fiscalYear": "2023-24", "category": "coordinator", "amount": "120000",
                 "incurredOn": "2024-03-31", "description": "Network coordinator"}""");
        created(arrangement + "/costs", """
                {"entryId": "report-2023", "fiscalYear": "2023-24", "category": "annual report", "amount": "10000",
                 "incurredOn": "2024-02-15", "description": "Annual report"}""");
        created(arrangement + "/in-kind", """
                {"entryId": "dc-conference-2023", "funder": "Washington DC", "fiscalYear": "2023-24",
                 "category": "conference", "value": "6000", "treatment": "OFFSET",
                 "description": "Annual conference hosted by Washington DC"}""");
    }

    @Test
    void theYearEndOfTheReferenceCaseInThreeCurrencies() throws Exception {
        openTheCaseInThreeCurrencies("ctpn-fx");

        assertThat(api.get(arrangement).json().get("shares").findValuesAsText("currency"))
                .containsExactly("SEK", "GBP", "USD");
        // receipts in the cities' currencies, reported in pounds; the rate's rounding is stated, not guessed
        JsonNode stockholm = row("Stockholm", "2023-24");
        assertThat(stockholm.get("currency").asText()).isEqualTo("SEK");
        assertThat(stockholm.get("received").asText()).isEqualTo("74500.00");
        assertThat(stockholm.get("original").get("received").asText()).isEqualTo("1000000.00");
        assertThat(row("London", "2023-24").has("original")).isFalse();
        // costs of 136,000 (the in-kind conference included), shared 50/25/25 in whole pounds
        JsonNode year = api.get(arrangement + "/balances?fiscalYear=2023-24")
                .json()
                .get("years")
                .get(0);
        assertThat(year.get("costs").asText()).isEqualTo("136000.00");
        assertThat(year.get("inKind").asText()).isEqualTo("6000.00");
        assertThat(stockholm.get("costShare").asText()).isEqualTo("68000.00");
        assertThat(stockholm.get("position").asText()).isEqualTo("6500.00");
        assertThat(row("London", "2023-24").get("position").asText()).isEqualTo("3875.00");
        assertThat(row("Washington DC", "2023-24").get("position").asText()).isEqualTo("11250.00");
        assertThat(contributorRow("GLA", "2023-24").get("position").asText()).isEqualTo("1938.00");
        assertThat(contributorRow("LFC", "2023-24").get("position").asText()).isEqualTo("1937.00");

        // a rate that does not give the reporting amount is refused, and stores nothing
        long before = head();
        Api.Response mismatch = api.post(arrangement + "/receipts", """
                {"funder": "Washington DC", "fiscalYear": "2023-24", "amount": "100.00", "reportingAmount": "80.00",
                 "rate": "0.785", "receivedOn": "2023-06-02"}""");
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().get("code").asText()).isEqualTo("rate-mismatch");
        assertThat(api.post(arrangement + "/receipts", """
                        {"funder": "Stockholm", "fiscalYear": "2023-24", "amount": "100.00",
                         "receivedOn": "2023-06-02"}""").json().get("code").asText())
                .isEqualTo("reporting-amount-required");
        assertThat(api.post(arrangement + "/receipts", """
                        {"funder": "London", "contributor": "GLA", "fiscalYear": "2023-24", "amount": "100.00",
                         "rate": "1", "receivedOn": "2023-06-02"}""").json().get("code").asText())
                .isEqualTo("reporting-amount-not-allowed");
        assertThat(head()).isEqualTo(before);

        // years close in order
        Api.Response early = api.post(arrangement + "/fiscal-years/2025-26/close", "");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.json().get("code").asText()).isEqualTo("earlier-year-open");

        long open = head();
        created(arrangement + "/fiscal-years/2023-24/close", "");
        long closedAt = head();
        assertThat(row("Stockholm", "2023-24").get("carriedForward").asText()).isEqualTo("6500.00");
        assertThat(row("Stockholm", "2024-25").get("broughtForward").asText()).isEqualTo("6500.00");
        assertThat(row("Stockholm", "2024-25").get("position").asText()).isEqualTo("6500.00");
        assertThat(row("Washington DC", "2024-25").get("broughtForward").asText())
                .isEqualTo("11250.00");
        assertThat(contributorRow("LFC", "2024-25").get("broughtForward").asText())
                .isEqualTo("1937.00");
        // the sum carried equals received + in-kind OFFSET - costs
        JsonNode rows =
                api.get(arrangement + "/balances?fiscalYear=2023-24").json().get("rows");
        BigDecimal carried = BigDecimal.ZERO;
        for (JsonNode r : rows) {
            carried = carried.add(new BigDecimal(r.get("carriedForward").asText()));
        }
        // received 151,625.00 + the conference 6,000.00 - costs 136,000.00
        assertThat(carried).isEqualByComparingTo("21625.00");
        // as of just before the close, the year shows as it was then: nothing carried
        JsonNode then = Api.row(
                api.get(arrangement + "/balances?fiscalYear=2023-24&atPosition=" + open)
                        .json(),
                "Stockholm",
                "2023-24");
        assertThat(then.has("carriedForward")).isFalse();
        assertThat(Api.row(
                                api.get(arrangement + "/balances?fiscalYear=2024-25&atPosition=" + open)
                                        .json(),
                                "Stockholm",
                                "2024-25")
                        .get("broughtForward")
                        .asText())
                .isEqualTo("0.00");

        // each city's statement for 2023-24: the same bytes twice, in every format; closing = the row's position
        for (String city : new String[] {"Stockholm", "London", "Washington%20DC"}) {
            String path = arrangement + "/statements/" + city + "?fiscalYear=2023-24&atPosition=" + closedAt;
            for (String format : new String[] {"json", "csv", "pdf"}) {
                assertThat(api.bytes(path + "&format=" + format))
                        .as(city + " " + format)
                        .isEqualTo(api.bytes(path + "&format=" + format));
            }
            JsonNode statement = api.get(path).json();
            String funder = city.replace("%20", " ");
            assertThat(statement.get("closing").asText())
                    .isEqualTo(row(funder, "2023-24").get("position").asText());
            assertThat(statement.get("carriedForward").asText())
                    .isEqualTo(row(funder, "2023-24").get("carriedForward").asText());
            assertThat(statement.get("headPosition").asLong()).isEqualTo(closedAt);
        }
        JsonNode sto = api.get(arrangement + "/statements/Stockholm?fiscalYear=2023-24&atPosition=" + closedAt)
                .json();
        assertThat(sto.get("opening").asText()).isEqualTo("0.00");
        assertThat(sto.get("totals").get("received").asText()).isEqualTo("74500.00");
        assertThat(sto.get("lines").findValuesAsText("kind")).containsExactly("receipt", "cost", "cost", "close");
        assertThat(sto.get("lines").get(0).get("original").get("amount").asText())
                .isEqualTo("1000000.00");
        assertThat(sto.get("lines").get(0).get("original").get("rate").asText()).isEqualTo("0.0745");
        // a contributor's statement, and the PDF read back as text
        JsonNode gla = api.get(
                        arrangement + "/statements/London?fiscalYear=2023-24&contributor=GLA&atPosition=" + closedAt)
                .json();
        assertThat(gla.get("closing").asText()).isEqualTo("1938.00");
        try (PDDocument pdf = Loader.loadPDF(api.bytes(
                arrangement + "/statements/Stockholm?fiscalYear=2023-24&format=pdf&atPosition=" + closedAt))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Statement for Stockholm, fiscal year 2023-24", "6500.00", "74500.00");
            assertThat(text).contains("1000000.00", "0.0745");
        }

        // an auditor recomputes the CSV from an export alone: the same bytes
        Path export = files.resolve("export.jsonl");
        Files.writeString(
                export, api.as("auditor").get("/api/events?format=jsonl").body());
        ByteArrayOutputStream offline = new ByteArrayOutputStream();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int code = StatementCommand.main(
                new String[] {
                    export.toString(),
                    "--arrangement",
                    "ctpn-fx",
                    "--funder",
                    "Stockholm",
                    "--fiscal-year",
                    "2023-24",
                    "--at-position",
                    String.valueOf(closedAt),
                    "--format",
                    "csv"
                },
                offline,
                new PrintStream(messages, true, StandardCharsets.UTF_8));
        assertThat(code).as(messages.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(offline.toByteArray())
                .isEqualTo(api.bytes(
                        arrangement + "/statements/Stockholm?fiscalYear=2023-24&format=csv&atPosition=" + closedAt));
        // a tampered export is refused before any statement is computed
        Files.writeString(export, Files.readString(export).replace("74500.00", "84500.00"));
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertThat(StatementCommand.main(
                        new String[] {
                            export.toString(),
                            "--arrangement",
                            "ctpn-fx",
                            "--funder",
                            "Stockholm",
                            "--fiscal-year",
                            "2023-24"
                        },
                        none,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(none.size()).isZero();

        // the later years close in order; the last one settles
        created(arrangement + "/costs", """
                {"entryId": "coord-2026", "fiscalYear": "2026-27", "category": "coordinator", "amount": "20000",
                 "incurredOn": "2027-03-31", "description": "Network coordinator"}""");
        created(arrangement + "/fiscal-years/2024-25/close", "");
        created(arrangement + "/fiscal-years/2025-26/close", "");
        assertThat(row("Stockholm", "2026-27").get("broughtForward").asText()).isEqualTo("6500.00");
        created(arrangement + "/fiscal-years/2026-27/close", "");
        JsonNode last = row("Stockholm", "2026-27");
        assertThat(last.get("settlement").asText()).isEqualTo("-3500.00");
        assertThat(last.has("carriedForward")).isFalse();
        assertThat(row("Washington DC", "2026-27").get("settlement").asText()).isEqualTo("6250.00");
        assertThat(contributorRow("GLA", "2026-27").get("settlement").asText()).isEqualTo("-562.00");
        assertThat(contributorRow("LFC", "2026-27").get("settlement").asText()).isEqualTo("-563.00");
    }

    @Test
    void anInKindContributionIsReversibleAndAMemoIsShownOnly() {
        openTheCaseInThreeCurrencies("ctpn-fx-in-kind");
        created(arrangement + "/in-kind", """
                {"entryId": "sto-report-2023", "funder": "Stockholm", "fiscalYear": "2023-24",
                 "category": "annual report", "value": "2500", "treatment": "MEMO",
                 "description": "Annual report written by Stockholm"}""");
        JsonNode stockholm = row("Stockholm", "2023-24");
        assertThat(stockholm.get("inKind").asText()).isEqualTo("2500.00");
        // a memo is not a cost and not a contribution
        assertThat(stockholm.get("position").asText()).isEqualTo("6500.00");
        created(arrangement + "/reversals", """
                {"entryId": "dc-conference-2023", "reason": "valued in the wrong year"}""");
        JsonNode year = api.get(arrangement + "/balances?fiscalYear=2023-24")
                .json()
                .get("years")
                .get(0);
        assertThat(year.get("costs").asText()).isEqualTo("130000.00");
        // costs 130,000 shared 65,000 / 32,500 / 32,500; Washington DC no longer has the conference
        assertThat(row("Washington DC", "2023-24").get("position").asText()).isEqualTo("6750.00");
        assertThat(row("Washington DC", "2023-24").get("inKind").asText()).isEqualTo("0.00");
        Api.Response wrong = api.post(arrangement + "/in-kind", """
                {"funder": "Stockholm", "fiscalYear": "2023-24", "category": "report", "value": "1",
                 "treatment": "GIFT", "description": "?"}""");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("field").asText()).isEqualTo("treatment");
    }
}
