package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** The reference case (decision ADD2634) as an outside client sees it over HTTP. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class ReferenceCaseHttpTest extends HttpTest {

    @Test
    void answersTheCtpnBalancesFor2023() {
        Api.Response response = api.get("/api/arrangements/ctpn/balances?fiscalYear=2023-24");
        assertThat(response.status()).isEqualTo(200);
        JsonNode balances = response.json();
        assertThat(balances.get("arrangementId").asText()).isEqualTo("ctpn");
        assertThat(balances.get("currency").asText()).isEqualTo("GBP");
        assertThat(balances.has("asOf")).isTrue();

        JsonNode london = Api.row(balances, "London", "2023-24");
        assertThat(london.get("committed").asText()).isEqualTo("37875.00");
        assertThat(london.get("budgetShare").asText()).isEqualTo("37875.00");
        assertThat(london.get("outstanding").asText()).isEqualTo("37875.00");
        assertThat(london.get("received").asText()).isEqualTo("0.00");
        assertThat(london.get("sharePercent").asText()).isEqualTo("25");
        assertThat(Api.row(balances, "Stockholm", "2023-24").get("budgetShare").asText())
                .isEqualTo("75750.00");
        assertThat(Api.row(balances, "Washington DC", "2023-24")
                        .get("budgetShare")
                        .asText())
                .isEqualTo("37875.00");

        assertThat(balances.get("contributors")).hasSize(2);
        assertThat(balances.get("contributors").get(0).get("contributor").asText())
                .isEqualTo("GLA");
        assertThat(balances.get("contributors").get(0).get("committed").asText())
                .isEqualTo("18938.00");
        assertThat(balances.get("contributors").get(1).get("contributor").asText())
                .isEqualTo("LFC");
        assertThat(balances.get("contributors").get(1).get("committed").asText())
                .isEqualTo("18937.00");
        assertThat(balances.get("years").get(0).get("budget").asText()).isEqualTo("151500.00");
    }

    @Test
    void describesTheArrangementAndItsTerm() {
        JsonNode ctpn = api.get("/api/arrangements/ctpn").json();
        assertThat(ctpn.get("name").asText()).isEqualTo("Counter-Terrorism Preparedness Network");
        assertThat(ctpn.get("host").asText()).isEqualTo("London Fire Commissioner");
        assertThat(ctpn.get("basis").asText()).isEqualTo("COST_RECOVERY");
        assertThat(ctpn.get("firstFiscalYear").asText()).isEqualTo("2023-24");
        assertThat(ctpn.get("lastFiscalYear").asText()).isEqualTo("2026-27");
        assertThat(ctpn.get("shares").toString())
                .isEqualTo("[{\"funder\":\"Stockholm\",\"percent\":\"50\",\"currency\":\"GBP\"},"
                        + "{\"funder\":\"London\",\"percent\":\"25\",\"currency\":\"GBP\"},"
                        + "{\"funder\":\"Washington DC\",\"percent\":\"25\",\"currency\":\"GBP\"}]");
        assertThat(ctpn.get("years")).hasSize(4);
        assertThat(api.get("/api/arrangements").json().findValuesAsText("arrangementId"))
                .contains("ctpn");
    }

    @Test
    void showsTheDecisionBehindEveryCommitmentInTheEventHistory() {
        JsonNode events =
                api.get("/api/arrangements/ctpn/events?limit=6").json().get("events");
        assertThat(events).hasSize(6);
        assertThat(events.findValuesAsText("type"))
                .containsExactly(
                        "ArrangementOpened",
                        "AllocationUnitSet",
                        "ContributorSharesSet",
                        "DecisionRegistered",
                        "FundingCommitted",
                        "FundingCommitted");
        // opened in whole pounds, London's share split GLA 50 / LFC 50, the decision registered before its commitments
        assertThat(events.get(1).get("payload").get("unit").get("amount").asText())
                .isEqualTo("1.00");
        assertThat(events.get(2).get("payload").get("contributors").toString())
                .isEqualTo(
                        "[{\"contributor\":\"GLA\",\"percent\":\"50\"},{\"contributor\":\"LFC\",\"percent\":\"50\"}]");
        assertThat(events.get(3).get("payload").get("decisionType").asText()).isEqualTo("Assistant Director");
        assertThat(events.get(4).get("payload").get("decisionRef").asText()).isEqualTo("ADD2634");
        assertThat(events.get(4).get("payload").get("amount").get("amount").asText())
                .isEqualTo("18938.00");
        assertThat(events.get(5).get("payload").get("contributor").asText()).isEqualTo("LFC");
        assertThat(events.get(4).get("metadata").get("principal").asText()).isEqualTo("system");
        assertThat(events.get(1).get("position").asLong())
                .isEqualTo(events.get(0).get("position").asLong() + 1);
    }

    @Test
    void splitsLondonsShareBetweenTheGlaAndTheLfcInWholePounds() {
        JsonNode contributors = api.get("/api/arrangements/ctpn/balances?fiscalYear=2023-24&funder=London")
                .json()
                .get("contributors");
        assertThat(contributors.findValuesAsText("contributor")).containsExactly("GLA", "LFC");
        assertThat(contributors.findValuesAsText("sharePercent")).containsExactly("50", "50");
        // in pence 50/50 of 37875.00 would be 18937.50 each: in whole pounds the GLA, listed first, takes the odd pound
        assertThat(contributors.findValuesAsText("budgetShare")).containsExactly("18938.00", "18937.00");
        assertThat(contributors.findValuesAsText("committed")).containsExactly("18938.00", "18937.00");
        assertThat(contributors.findValuesAsText("costShare")).containsExactly("0.00", "0.00");
        // an entry for London must now name the GLA or the LFC
        Api.Response unnamed = api.post("/api/arrangements/ctpn/receipts", """
                {"funder": "London", "fiscalYear": "2023-24", "amount": "1", "receivedOn": "2023-05-02"}""");
        assertThat(unnamed.status()).isEqualTo(422);
        assertThat(unnamed.json().get("code").asText()).isEqualTo("contributor-required");
    }

    @Test
    void registersAdd2634WithWhatItAuthorisesAndNoHeadroomLeft() {
        JsonNode register = api.get("/api/arrangements/ctpn/decisions").json().get("decisions");
        // the reference case cites one decision (tests sharing this context may add others after it)
        assertThat(register.get(0).get("decisionRef").asText()).isEqualTo("ADD2634");
        assertThat(register.get(0).get("registered").asBoolean()).isTrue();
        assertThat(register.get(0).get("title").asText())
                .isEqualTo("Continuation of Counter-Terrorism Preparedness Network (CTPN)");
        assertThat(register.get(0).get("authorised").asText()).isEqualTo("37875.00");
        assertThat(register.get(0).get("committed").asText()).isEqualTo("37875.00");

        JsonNode add2634 = api.get("/api/arrangements/ctpn/decisions/ADD2634").json();
        assertThat(add2634.get("authorisations").toString())
                .isEqualTo("[{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2023-24\","
                        + "\"authorised\":\"18938.00\",\"committed\":\"18938.00\",\"headroom\":\"0.00\"},"
                        + "{\"funder\":\"London\",\"contributor\":\"LFC\",\"fiscalYear\":\"2023-24\","
                        + "\"authorised\":\"18937.00\",\"committed\":\"18937.00\",\"headroom\":\"0.00\"}]");
        assertThat(add2634.get("entries").findValuesAsText("entryId"))
                .containsExactly("ctpn-2023-24-london-gla", "ctpn-2023-24-london-lfc");

        // one more penny for London/GLA 2023-24 under ADD2634 is more than it authorised, and nothing is stored
        long head = api.get("/api/audit/verify").json().get("headPosition").asLong();
        Api.Response penny = api.post("/api/arrangements/ctpn/commitments", """
                {"funder": "London", "contributor": "GLA", "fiscalYear": "2023-24", "amount": "0.01",
                 "decisionRef": "ADD2634"}""");
        assertThat(penny.status()).isEqualTo(422);
        assertThat(penny.json().get("code").asText()).isEqualTo("decision-limit-exceeded");
        assertThat(penny.json().get("detail").asText()).contains("headroom is 0.00 GBP");
        assertThat(api.get("/api/audit/verify").json().get("headPosition").asLong())
                .isEqualTo(head);
    }
}
