package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** The HTTP contract of LEDGER.md section 6, played through every command and its errors. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class LedgerContractHttpTest extends HttpTest {

    String open(String id) {
        Api.Response opened = api.post("/api/arrangements", """
                {"arrangementId": "%s", "name": "Two-city fund", "host": "City A", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "A", "percent": "60"}, {"funder": "B", "percent": "40"}],
                 "annualBudget": "1000", "decisionRef": "D-1"}""".formatted(id));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return id;
    }

    JsonNode balances(String id, String query) {
        Api.Response response = api.get("/api/arrangements/" + id + "/balances" + query);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    long eventCount(String id) {
        return api.get("/api/arrangements/" + id + "/events?limit=1000")
                .json()
                .get("events")
                .size();
    }

    void expectProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
    }

    @Test
    void opensAnArrangementAndAnswersWithIt() {
        Api.Response opened = api.post("/api/arrangements", """
                {"arrangementId": "opened-fund", "name": "Opened fund", "host": "Host", "basis": "COST_RECOVERY",
                 "currency": "EUR", "fiscalYearStartMonth": 1, "firstFiscalYear": "2025-26", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "Solo", "percent": "100"}], "decisionRef": "D-9"}""");
        assertThat(opened.status()).isEqualTo(201);
        JsonNode body = opened.json();
        assertThat(body.get("arrangementId").asText()).isEqualTo("opened-fund");
        assertThat(body.get("currency").asText()).isEqualTo("EUR");
        assertThat(body.get("fiscalYearStartMonth").asInt()).isEqualTo(1);
        assertThat(body.has("annualBudget")).isFalse();
        JsonNode row = Api.row(balances("opened-fund", ""), "Solo", "2025-26");
        assertThat(row.has("budgetShare")).isFalse();
        assertThat(row.get("committed").asText()).isEqualTo("0.00");
    }

    @Test
    void playsCommitmentsReceiptsCostsReviewsReversalsAndCloses() {
        String id = open("two-city");
        Api.Response commitment = api.post(
                "/api/arrangements/two-city/commitments",
                "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"600\",\"decisionRef\":\"D-2\"}");
        assertThat(commitment.status()).isEqualTo(201);
        String entryId = commitment.json().get("entryId").asText();
        long first = commitment.json().get("position").asLong();

        Api.Response receipt = api.post(
                "/api/arrangements/two-city/receipts",
                "{\"funder\":\"A\",\"contributor\":\"A-treasury\",\"fiscalYear\":\"2024-25\",\"amount\":\"500.00\",\"receivedOn\":\"2024-06-30\"}");
        assertThat(receipt.status()).isEqualTo(201);
        assertThat(receipt.json().get("position").asLong()).isGreaterThan(first);
        Api.Response cost = api.post(
                "/api/arrangements/two-city/costs",
                "{\"fiscalYear\":\"2024-25\",\"category\":\"coordinator\",\"amount\":\"100.01\",\"incurredOn\":\"2024-09-01\",\"description\":\"Coordinator\"}");
        assertThat(cost.status()).isEqualTo(201);

        // read-your-writes: the GET straight after the POSTs sees them
        JsonNode year = balances(id, "?fiscalYear=2024-25");
        JsonNode a = Api.row(year, "A", "2024-25");
        assertThat(a.get("committed").asText()).isEqualTo("600.00");
        assertThat(a.get("received").asText()).isEqualTo("500.00");
        assertThat(a.get("outstanding").asText()).isEqualTo("100.00");
        assertThat(a.get("budgetShare").asText()).isEqualTo("600.00");
        assertThat(a.get("costShare").asText()).isEqualTo("60.01");
        assertThat(a.get("position").asText()).isEqualTo("439.99");
        assertThat(Api.row(year, "B", "2024-25").get("costShare").asText()).isEqualTo("40.00");
        assertThat(year.get("position").asLong())
                .isEqualTo(cost.json().get("position").asLong());

        Api.Response review = api.post(
                "/api/arrangements/two-city/reviews",
                "{\"effectiveFrom\":\"2025-26\",\"shares\":[{\"funder\":\"A\",\"percent\":\"50\"},{\"funder\":\"B\",\"percent\":\"50\"}],"
                        + "\"annualBudget\":\"2000\",\"reason\":\"Equal shares\",\"decisionRef\":\"D-3\"}");
        assertThat(review.status()).isEqualTo(201);
        assertThat(review.json().has("position")).isTrue();
        JsonNode later = balances(id, "?fiscalYear=2025-26&funder=B");
        assertThat(later.get("rows")).hasSize(1);
        assertThat(Api.row(later, "B", "2025-26").get("sharePercent").asText()).isEqualTo("50");
        assertThat(Api.row(later, "B", "2025-26").get("budgetShare").asText()).isEqualTo("1000.00");
        assertThat(Api.row(balances(id, "?fiscalYear=2024-25"), "B", "2024-25")
                        .get("sharePercent")
                        .asText())
                .isEqualTo("40");

        Api.Response reversal = api.post(
                "/api/arrangements/two-city/reversals",
                "{\"entryId\":\"" + entryId + "\",\"reason\":\"Entered against the wrong year\"}");
        assertThat(reversal.status()).isEqualTo(201);
        assertThat(reversal.json().get("entryId").asText()).isNotEqualTo(entryId);
        assertThat(Api.row(balances(id, "?fiscalYear=2024-25"), "A", "2024-25")
                        .get("committed")
                        .asText())
                .isEqualTo("0.00");
        expectProblem(
                api.post(
                        "/api/arrangements/two-city/reversals",
                        "{\"entryId\":\"" + entryId + "\",\"reason\":\"Again\"}"),
                422,
                "entry-already-reversed");
        expectProblem(
                api.post("/api/arrangements/two-city/reversals", "{\"entryId\":\"no-such-entry\",\"reason\":\"Why\"}"),
                404,
                "entry-not-found");

        Api.Response close = api.post("/api/arrangements/two-city/fiscal-years/2024-25/close", "");
        assertThat(close.status()).isEqualTo(201);
        assertThat(balances(id, "?fiscalYear=2024-25")
                        .get("years")
                        .get(0)
                        .get("closed")
                        .asBoolean())
                .isTrue();
        long events = eventCount(id);
        expectProblem(
                api.post(
                        "/api/arrangements/two-city/commitments",
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"1\",\"decisionRef\":\"D-4\"}"),
                422,
                "fiscal-year-closed");
        expectProblem(
                api.post("/api/arrangements/two-city/fiscal-years/2024-25/close", ""),
                422,
                "fiscal-year-already-closed");
        assertThat(eventCount(id)).isEqualTo(events);

        JsonNode history = api.get("/api/arrangements/two-city/events").json().get("events");
        assertThat(history)
                .extracting(e -> e.get("type").asText())
                .containsExactly(
                        "ArrangementOpened",
                        "FundingCommitted",
                        "FundsReceived",
                        "CostRecorded",
                        "ArrangementReviewed",
                        "EntryReversed",
                        "FiscalYearClosed");
        JsonNode page = api.get("/api/arrangements/two-city/events?fromPosition=" + first + "&limit=2")
                .json();
        assertThat(page.get("events")).hasSize(2);
        assertThat(page.get("events").get(0).get("position").asLong()).isEqualTo(first);
        assertThat(page.get("nextFromPosition").asLong())
                .isGreaterThan(page.get("events").get(1).get("position").asLong());
    }

    @Test
    void recordsWhoWhenAndUnderWhichDecisionOnEveryEvent() {
        open("metadata-fund");
        Api.Response posted = api.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/arrangements/metadata-fund/commitments"))
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", "board-minute-42")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"10\",\"decisionRef\":\"D-77\"}")));
        assertThat(posted.status()).isEqualTo(201);
        JsonNode event = api.get("/api/arrangements/metadata-fund/events?fromPosition="
                        + posted.json().get("position").asLong())
                .json()
                .get("events")
                .get(0);
        JsonNode metadata = event.get("metadata");
        assertThat(metadata.get("correlationId").asText()).isEqualTo("board-minute-42");
        assertThat(metadata.get("principal").asText()).isEqualTo("finance");
        assertThat(metadata.get("decisionRef").asText()).isEqualTo("D-77");
        assertThat(Instant.parse(event.get("recordedAt").asText())).isBeforeOrEqualTo(Instant.now());
        JsonNode opened = api.get("/api/arrangements/metadata-fund/events?limit=1")
                .json()
                .get("events")
                .get(0);
        assertThat(opened.get("metadata").get("correlationId").asText())
                .isNotBlank()
                .isNotEqualTo("board-minute-42");
    }

    @Test
    void answersBadInputWithProblemsAndStoresNothing() {
        String id = open("strict-fund");
        long before = eventCount(id);
        String path = "/api/arrangements/strict-fund/commitments";
        expectProblem(api.post(path, "{\"funder\":"), 400, "malformed-json");
        expectProblem(
                api.post(
                        path,
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"5\",\"decisionRef\":\"D\",\"extra\":1}"),
                400,
                "unknown-field");
        expectProblem(
                api.post(path, "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"-5\",\"decisionRef\":\"D\"}"),
                400,
                "invalid-field");
        expectProblem(
                api.post(
                        path,
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"5.001\",\"decisionRef\":\"D\"}"),
                400,
                "invalid-field");
        expectProblem(
                api.post(path, "{\"funder\":\"A\",\"fiscalYear\":\"2024-26\",\"amount\":\"5\",\"decisionRef\":\"D\"}"),
                400,
                "invalid-field");
        expectProblem(
                api.post(path, "{\"fiscalYear\":\"2024-25\",\"amount\":\"5\",\"decisionRef\":\"D\"}"),
                400,
                "missing-field");
        expectProblem(
                api.post(path, "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":5,\"decisionRef\":\"D\"}"),
                400,
                "wrong-type");
        expectProblem(
                api.post(path, "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"0\",\"decisionRef\":\"D\"}"),
                422,
                "amount-not-positive");
        expectProblem(
                api.post(path, "{\"funder\":\"Z\",\"fiscalYear\":\"2024-25\",\"amount\":\"5\",\"decisionRef\":\"D\"}"),
                422,
                "funder-not-party");
        expectProblem(
                api.post(path, "{\"funder\":\"A\",\"fiscalYear\":\"2030-31\",\"amount\":\"5\",\"decisionRef\":\"D\"}"),
                422,
                "fiscal-year-outside-term");
        expectProblem(
                api.post(
                        "/api/arrangements/no-such-fund/commitments",
                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"5\",\"decisionRef\":\"D\"}"),
                404,
                "arrangement-not-found");
        expectProblem(api.get("/api/arrangements/NOT_A_SLUG"), 400, "invalid-field");
        expectProblem(api.get("/api/arrangements/strict-fund/balances?fiscalYear=2024"), 400, "invalid-field");
        expectProblem(
                api.post(
                        "/api/arrangements",
                        "{\"arrangementId\":\"strict-fund\",\"name\":\"Again\",\"host\":\"H\","
                                + "\"basis\":\"COST_RECOVERY\",\"currency\":\"GBP\",\"firstFiscalYear\":\"2024-25\",\"lastFiscalYear\":\"2025-26\","
                                + "\"shares\":[{\"funder\":\"A\",\"percent\":\"100\"}],\"decisionRef\":\"D\"}"),
                409,
                "arrangement-exists");
        expectProblem(
                api.post(
                        "/api/arrangements",
                        "{\"arrangementId\":\"bad-shares\",\"name\":\"N\",\"host\":\"H\","
                                + "\"basis\":\"COST_RECOVERY\",\"currency\":\"GBP\",\"firstFiscalYear\":\"2024-25\",\"lastFiscalYear\":\"2025-26\","
                                + "\"shares\":[{\"funder\":\"A\",\"percent\":\"60\"}],\"decisionRef\":\"D\"}"),
                422,
                "shares-invalid");
        String huge = "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"5\",\"decisionRef\":\""
                + "D".repeat(70_000) + "\"}";
        expectProblem(api.post(path, huge), 413, "payload-too-large");
        // no Content-Length (chunked): refused while reading, at 64 KiB
        expectProblem(
                api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(huge)))),
                413,
                "payload-too-large");
        expectProblem(
                api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))),
                415,
                "unsupported-media-type");
        assertThat(eventCount(id)).isEqualTo(before);
        expectProblem(api.get("/api/arrangements/bad-shares"), 404, "arrangement-not-found");
    }
}
