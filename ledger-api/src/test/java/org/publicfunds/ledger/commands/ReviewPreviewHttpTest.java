package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** A review's dry run (LEDGER.md 8.7): what it would change, the same refusals, and nothing stored. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ReviewPreviewHttpTest extends HttpTest {

    private static final String NEW_SHARES = """
            {"effectiveFrom": "2024-25", "reason": "London takes a larger part", "decisionRef": "ADD2634",
             "shares": [{"funder": "Stockholm", "percent": "40"}, {"funder": "London", "percent": "30"},
                        {"funder": "Washington DC", "percent": "30"}]}""";

    private long head() {
        return api.get("/api/audit/verify").json().get("headPosition").asLong();
    }

    @Test
    void showsEveryChangedFieldAndStoresNothing() {
        long head = head();
        String balances = api.get("/api/arrangements/ctpn/balances").body();

        Api.Response preview = api.post("/api/arrangements/ctpn/reviews?dryRun=true", NEW_SHARES);
        assertThat(preview.status()).isEqualTo(200);
        JsonNode after = Api.row(preview.json().get("balances"), "London", "2024-25");
        assertThat(after.get("sharePercent").asText()).isEqualTo("30");
        assertThat(after.get("budgetShare").asText()).isEqualTo("45450.00");
        // 2023-24 keeps its shares: the review takes effect from 2024-25
        assertThat(Api.row(preview.json().get("balances"), "London", "2023-24")
                        .get("budgetShare")
                        .asText())
                .isEqualTo("37875.00");

        List<String> changes = new ArrayList<>();
        preview.json()
                .get("changes")
                .forEach(c -> changes.add(c.get("funder").asText() + " "
                        + c.get("fiscalYear").asText() + " " + c.get("field").asText() + " "
                        + c.get("before").asText()
                        + " -> " + c.get("after").asText()));
        assertThat(changes)
                .contains(
                        "London 2024-25 budgetShare 37875.00 -> 45450.00",
                        "London 2024-25 sharePercent 25 -> 30",
                        "Stockholm 2026-27 budgetShare 75750.00 -> 60600.00")
                .noneMatch(change -> change.contains("2023-24"))
                // three funders, three years from 2024-25: share, budget share and what is left uncommitted; and
                // London's part allocated again to the GLA and the LFC (45450 in whole pounds: 22725 each)
                .contains(
                        "London 2024-25 uncommitted 37875.00 -> 45450.00",
                        "London 2024-25 budgetShare 18938.00 -> 22725.00")
                .hasSize(27 + 6);

        assertThat(head()).isEqualTo(head);
        assertThat(api.get("/api/arrangements/ctpn/balances").body()).isEqualTo(balances);
    }

    @Test
    void refusesWhatTheReviewWouldBeRefusedAndStoresNothing() {
        long head = head();
        Api.Response outside = api.post(
                "/api/arrangements/ctpn/reviews?dryRun=true", NEW_SHARES.replace("\"2024-25\"", "\"2030-31\""));
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.json().get("code").asText()).isEqualTo("fiscal-year-outside-term");
        Api.Response nothing = api.post("/api/arrangements/ctpn/reviews?dryRun=true", """
                {"effectiveFrom": "2024-25", "reason": "Nothing", "decisionRef": "ADD2634"}""");
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.json().get("code").asText()).isEqualTo("review-changes-nothing");
        assertThat(api.as("viewer")
                        .post("/api/arrangements/ctpn/reviews?dryRun=true", NEW_SHARES)
                        .status())
                .isEqualTo(403);
        assertThat(head()).isEqualTo(head);

        // and the real review afterwards is stored as previewed
        Api.Response stored = api.post("/api/arrangements/ctpn/reviews", NEW_SHARES);
        assertThat(stored.status()).isEqualTo(201);
        assertThat(Api.row(api.get("/api/arrangements/ctpn/balances").json(), "London", "2024-25")
                        .get("budgetShare")
                        .asText())
                .isEqualTo("45450.00");
    }
}
