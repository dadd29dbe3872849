package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Import from a spreadsheet (LEDGER.md 8.10): all or nothing, every row's errors at once, a re-import stores nothing. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class ImportHttpTest extends HttpTest {

    @Autowired
    LedgerViewStore views;

    @Autowired
    EventLog events;

    static final String GOOD = """
            reference,kind,funder,contributor,fiscalYear,amount,date,decisionRef,category,description,treatment,note
            gla-2025,receipt,London,GLA,2025-26,18938.00,2025-05-02,,,,,
            coord-2025,cost,,,2025-26,120000.00,2026-03-31,,coordinator,"Coordinator, full year",,
            dc-2025,commitment,Washington DC,,2025-26,37875,,DC-2025-01,,,,
            sto-2026,pledge,Stockholm,,2026-27,75750,,,,,,indicated
            dc-conference-2025,in-kind,Washington DC,,2025-26,6000,,,conference,Annual conference,OFFSET,
            """;

    private Api.Response importing(Api as, String csv, boolean dryRun) {
        return importing(as, "ctpn", csv, dryRun, "import-test");
    }

    private Api.Response importing(Api as, String arrangement, String csv, boolean dryRun, String correlationId) {
        return as.send(
                HttpRequest.newBuilder(URI.create(as.base() + "/api/arrangements/" + arrangement + "/imports"
                                + (dryRun ? "?dryRun=true" : "")))
                        .header("Content-Type", "text/csv")
                        .header("X-Correlation-Id", correlationId)
                        .POST(HttpRequest.BodyPublishers.ofString(csv)),
                null);
    }

    /**
     * Trust review 2, R2: a file inside the edge's limits (10,000 rows, 5 MiB) whose one commit
     * would pass MongoDB's 16 MiB document limit is refused before anything is sent, in the dry
     * run and the real run alike, with how many rows would fit; that many are then stored.
     */
    @Test
    void anImportWhoseCommitWouldNotFitIsRefusedBeforeAnythingIsSentSayingHowManyRowsFit() {
        // the longest a row may be: an arrangement id, a funder and a contributor of 64 characters, a funder paying in
        // its own currency with the rate's source in 200, a reference of 100
        String id = "a".repeat(64);
        String funder = "F".repeat(64);
        String contributor = "C".repeat(64);
        Api.Response opened = api.post("/api/arrangements", """
                {"arrangementId": "%s", "name": "Large imports", "host": "Host", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2025-26", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "%s", "percent": "100", "currency": "SEK",
                             "contributors": [{"contributor": "%s", "percent": "100"}]}],
                 "decisionRef": "D-1"}""".formatted(id, funder, contributor));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        StringBuilder csv =
                new StringBuilder("reference,kind,funder,contributor,fiscalYear,amount,date,rate,rateSource\n");
        String source = "s".repeat(200);
        for (int row = 0; row < 10_000; row++) {
            csv.append(String.format("%0100d", row))
                    .append(",receipt,")
                    .append(funder)
                    .append(',')
                    .append(contributor)
                    .append(",2025-26,100.00,2025-06-01,0.0745,")
                    .append(source)
                    .append('\n');
        }
        assertThat(csv.length()).isLessThan(5 * 1024 * 1024);
        String correlation = "x".repeat(100);
        long before = api.get("/api/arrangements/" + id + "/balances")
                .json()
                .get("position")
                .asLong();

        for (boolean dryRun : new boolean[] {true, false}) {
            Api.Response refused = importing(api, id, csv.toString(), dryRun, correlation);
            assertThat(refused.status()).as(refused.body()).isEqualTo(413);
            assertThat(refused.json().get("code").asText()).isEqualTo("import-too-large");
            long fit = refused.json().get("rowsThatFit").asLong();
            assertThat(fit).isBetween(1_000L, 9_999L);
            assertThat(api.get("/api/arrangements/" + id + "/balances")
                            .json()
                            .get("position")
                            .asLong())
                    .isEqualTo(before);
        }
        long fit = importing(api, id, csv.toString(), true, correlation)
                .json()
                .get("rowsThatFit")
                .asLong();
        String fitting = String.join("\n", csv.toString().lines().limit(fit + 1).toList()) + "\n";
        Api.Response stored = importing(api, id, fitting, false, correlation);
        assertThat(stored.status()).as(stored.body()).isIn(201, 202);
        assertThat(stored.json().get("created").asLong()).isEqualTo(fit);
    }

    private long head() {
        return api.get("/api/arrangements/ctpn/balances").json().get("position").asLong();
    }

    private JsonNode row(String funder, String year) {
        return Api.row(
                api.get("/api/arrangements/ctpn/balances?fiscalYear=" + year).json(), funder, year);
    }

    @Test
    void aFileIsCheckedThenImportedOnceAndAReimportStoresNothing() {
        long before = head();
        BigDecimal costsBefore = new BigDecimal(api.get("/api/arrangements/ctpn/balances?fiscalYear=2025-26")
                .json()
                .get("years")
                .get(0)
                .get("costs")
                .asText());
        Api.Response dry = importing(api, GOOD, true);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().get("rows").asInt()).isEqualTo(5);
        assertThat(dry.json().get("created").asInt()).isEqualTo(5);
        assertThat(head()).isEqualTo(before);

        Api.Response imported = importing(api, GOOD, false);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("created").asInt()).isEqualTo(5);
        assertThat(imported.json().get("alreadyImported").asInt()).isZero();
        // one commit: the five entries and the record of their references, positions without a gap
        long first = imported.json().get("firstPosition").asLong();
        assertThat(first).isGreaterThan(before);
        assertThat(imported.json().get("lastPosition").asLong()).isEqualTo(first + 5);
        // the projection kept the view at the import's end (trust review 2, R1): an as-of query there folds
        // nothing out of the import's commit, and answers what the live read model had
        long lastSequence = events.sequenceAt("ctpn", first + 5);
        // (kept right after the view that the 201 waited for)
        await().atMost(Duration.ofSeconds(10))
                .until(() -> views.checkpointAfter("ctpn", lastSequence).isPresent());
        assertThat(api.get("/api/arrangements/ctpn/balances?atPosition=" + (first + 5))
                        .json()
                        .get("rows"))
                .isEqualTo(api.get("/api/arrangements/ctpn/balances").json().get("rows"));
        assertThat(head()).isEqualTo(first + 5);
        assertThat(row("London", "2025-26").get("received").asText()).isEqualTo("18938.00");
        assertThat(row("Washington DC", "2025-26").get("committed").asText()).isEqualTo("37875.00");
        assertThat(row("Washington DC", "2025-26").get("inKind").asText()).isEqualTo("6000.00");
        assertThat(row("Stockholm", "2026-27").get("pledged").asText()).isEqualTo("75750.00");
        JsonNode year = api.get("/api/arrangements/ctpn/balances?fiscalYear=2025-26")
                .json()
                .get("years")
                .get(0);
        // the coordinator and the conference, an OFFSET
        assertThat(new BigDecimal(year.get("costs").asText()).subtract(costsBefore))
                .isEqualByComparingTo("126000.00");

        long after = head();
        Api.Response again = importing(api, GOOD, false);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(again.json().get("alreadyImported").asInt()).isEqualTo(5);
        assertThat(head()).isEqualTo(after);
    }

    @Test
    void oneBadRowAnywhereStoresNothingAndEveryRowsErrorIsListedByLine() {
        long before = head();
        Api.Response refused = importing(api, """
                kind,reference,funder,contributor,fiscalYear,amount,date
                receipt,r-1,London,GLA,2025-26,10.00,2025-05-02
                receipt,r-2,London,GLA,2025-26,ten pounds,2025-05-02
                receipt,r-3,Paris,,2025-26,10.00,2025-05-02
                receipt,r-4,London,,2025-26,10.00,2025-05-02
                receipt,r-1,London,GLA,2025-26,11.00,2025-05-02
                """, false);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("import-refused");
        JsonNode errors = refused.json().get("errors");
        assertThat(errors.findValuesAsText("line")).containsExactly("3", "4", "5", "6");
        assertThat(errors.findValuesAsText("code"))
                .containsExactly("invalid-field", "funder-not-party", "contributor-required", "reference-reused");
        assertThat(errors.get(0).get("field").asText()).isEqualTo("amount");
        assertThat(head()).isEqualTo(before);

        Api.Response unknownColumn = importing(api, "reference,kind,amout\nx,receipt,1\n", true);
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.json().get("code").asText()).isEqualTo("unknown-field");
        assertThat(unknownColumn.json().get("field").asText()).isEqualTo("amout");

        assertThat(importing(api.as("viewer"), GOOD, true).status()).isEqualTo(403);
        assertThat(head()).isEqualTo(before);
    }
}
