package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Pledges for the years under review (LEDGER.md 8.2): pledged, confirmed under a decision, or withdrawn. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class PledgesHttpTest extends HttpTest {

    private JsonNode london2024() {
        return Api.row(
                api.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25").json(), "London", "2024-25");
    }

    @Test
    void aPledgeIsShownAsPledgedUntilConfirmedAndThenAsCommitted() {
        assertThat(london2024().get("uncommitted").asText()).isEqualTo("37875.00");
        Api.Response pledged = api.post("/api/arrangements/ctpn/pledges", """
                {"entryId": "gla-2024-25", "funder": "London", "contributor": "GLA", "fiscalYear": "2024-25",
                 "amount": "18938", "note": "indicated; the funding in future years will be reviewed"}""");
        assertThat(pledged.status()).isEqualTo(201);
        assertThat(pledged.json().get("entryId").asText()).isEqualTo("gla-2024-25");
        assertThat(london2024().get("pledged").asText()).isEqualTo("18938.00");
        assertThat(london2024().get("committed").asText()).isEqualTo("0.00");

        // a pledge is withdrawn, never reversed
        Api.Response reversal = api.post("/api/arrangements/ctpn/reversals", """
                {"entryId": "gla-2024-25", "reason": "Wrong"}""");
        assertThat(reversal.status()).isEqualTo(422);
        assertThat(reversal.json().get("code").asText()).isEqualTo("entry-not-reversible");

        Api.Response confirmed = api.post("/api/arrangements/ctpn/pledges/gla-2024-25/confirm", """
                {"entryId": "gla-2024-25-approved", "amount": "18000.00", "decisionRef": "ADD2700"}""");
        assertThat(confirmed.status()).isEqualTo(201);
        assertThat(confirmed.json().get("entryId").asText()).isEqualTo("gla-2024-25-approved");
        JsonNode row = london2024();
        assertThat(row.get("pledged").asText()).isEqualTo("0.00");
        assertThat(row.get("committed").asText()).isEqualTo("18000.00");
        assertThat(row.get("uncommitted").asText()).isEqualTo("19875.00");

        Api.Response again = api.post("/api/arrangements/ctpn/pledges/gla-2024-25/confirm", """
                {"amount": "1.00", "decisionRef": "ADD2700"}""");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("code").asText()).isEqualTo("pledge-not-open");
        // the confirmation cites its decision in the register
        assertThat(api.get("/api/arrangements/ctpn/decisions/ADD2700")
                        .json()
                        .get("entries")
                        .findValuesAsText("entryId"))
                .containsExactly("gla-2024-25-approved");
    }

    @Test
    void aWithdrawnPledgeLeavesNothingPledgedAndUnknownOrWrongIdsAreRefused() {
        assertThat(api.post("/api/arrangements/ctpn/pledges", """
                        {"entryId": "lfc-2025-26", "funder": "London", "contributor": "LFC", "fiscalYear": "2025-26",
                         "amount": "100"}""").status()).isEqualTo(201);
        Api.Response withdrawn = api.post("/api/arrangements/ctpn/pledges/lfc-2025-26/withdraw", """
                {"reason": "No longer indicated"}""");
        assertThat(withdrawn.status()).isEqualTo(201);
        JsonNode row = Api.row(
                api.get("/api/arrangements/ctpn/balances?fiscalYear=2025-26").json(), "London", "2025-26");
        assertThat(row.get("pledged").asText()).isEqualTo("0.00");

        Api.Response unknown = api.post("/api/arrangements/ctpn/pledges/never/withdraw", """
                {"reason": "?"}""");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("entry-not-found");
        Api.Response notAPledge = api.post("/api/arrangements/ctpn/pledges/ctpn-2023-24-london-gla/withdraw", """
                {"reason": "?"}""");
        assertThat(notAPledge.status()).isEqualTo(422);
        assertThat(notAPledge.json().get("code").asText()).isEqualTo("entry-not-pledge");
        assertThat(api.as("viewer")
                        .post("/api/arrangements/ctpn/pledges", "{\"funder\":\"London\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void washingtonsPledgeFor2024IsPledgedNotCommittedUntilConfirmed() {
        Api.Response pledged = api.post("/api/arrangements/ctpn/pledges", """
                {"funder": "Washington DC", "fiscalYear": "2024-25", "amount": "37875.00"}""");
        assertThat(pledged.status()).isEqualTo(201);
        JsonNode row = Api.row(
                api.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25").json(), "Washington DC", "2024-25");
        assertThat(row.get("pledged").asText()).isEqualTo("37875.00");
        assertThat(row.get("committed").asText()).isEqualTo("0.00");
        Api.Response confirmed = api.post(
                "/api/arrangements/ctpn/pledges/"
                        + pledged.json().get("entryId").asText() + "/confirm",
                """
                {"amount": "37875.00", "decisionRef": "DC-2024-03"}""");
        assertThat(confirmed.status()).isEqualTo(201);
        row = Api.row(
                api.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25").json(), "Washington DC", "2024-25");
        assertThat(row.get("pledged").asText()).isEqualTo("0.00");
        assertThat(row.get("committed").asText()).isEqualTo("37875.00");
    }
}
