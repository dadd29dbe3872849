package org.publicfunds.ledger.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** Decisions with authority over HTTP (LEDGER.md 8.1): registered, checked against, answered as a register. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
class DecisionsHttpTest extends HttpTest {

    private static final String DECISION = """
            {"decisionRef": "D-2024-7", "title": "Funding of the two-city fund", "signedOn": "2024-05-02",
             "authorisations": [{"funder": "A", "fiscalYear": "2024-25", "amount": "1000.00"},
                                {"funder": "B", "contributor": "B1", "fiscalYear": "2024-25", "amount": "500"}]}""";

    private String open(String id, boolean decisionsRequired) {
        Api.Response opened = api.post("/api/arrangements", """
                {"arrangementId": "%s", "name": "Two-city fund", "host": "City A", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "A", "percent": "60"}, {"funder": "B", "percent": "40"}],
                 "decisionRef": "FOUNDING-1", "decisionsRequired": %s}""".formatted(id, decisionsRequired));
        assertThat(opened.status()).isEqualTo(201);
        return "/api/arrangements/" + id;
    }

    private Api.Response commit(String path, String funder, String contributor, String amount, String decision) {
        return api.post(path + "/commitments", """
                {"funder": "%s", %s "fiscalYear": "2024-25", "amount": "%s", "decisionRef": "%s"}""".formatted(
                funder, contributor == null ? "" : "\"contributor\": \"" + contributor + "\",", amount, decision));
    }

    @Test
    void commitmentsAreCheckedAgainstWhatTheDecisionAuthorisesAndTheRegisterShowsTheHeadroom() {
        String fund = open("decided-fund", false);
        assertThat(api.post(fund + "/decisions", DECISION).status()).isEqualTo(201);

        assertThat(commit(fund, "A", null, "600.00", "D-2024-7").status()).isEqualTo(201);
        long head = api.get("/api/arrangements/decided-fund/events?limit=1000")
                .json()
                .get("events")
                .size();
        Api.Response over = commit(fund, "A", null, "400.01", "D-2024-7");
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.json().get("code").asText()).isEqualTo("decision-limit-exceeded");
        assertThat(over.json().get("detail").asText()).contains("400.00");
        Api.Response uncovered = commit(fund, "B", "B2", "1.00", "D-2024-7");
        assertThat(uncovered.status()).isEqualTo(422);
        assertThat(uncovered.json().get("code").asText()).isEqualTo("decision-does-not-cover");
        // nothing stored by the refusals
        assertThat(api.get(fund + "/events?limit=1000").json().get("events")).hasSize((int) head);
        assertThat(commit(fund, "B", "B1", "500", "D-2024-7").status()).isEqualTo(201);
        assertThat(commit(fund, "B", null, "70", "MINUTES-3").status()).isEqualTo(201);

        JsonNode register = api.get(fund + "/decisions").json().get("decisions");
        assertThat(register.findValuesAsText("decisionRef")).containsExactly("FOUNDING-1", "D-2024-7", "MINUTES-3");
        assertThat(register.get(1).get("authorised").asText()).isEqualTo("1500.00");
        assertThat(register.get(1).get("committed").asText()).isEqualTo("1100.00");
        assertThat(register.get(2).get("registered").asBoolean()).isFalse();
        assertThat(register.get(2).get("committed").asText()).isEqualTo("70.00");
        assertThat(register.get(2).has("title")).isFalse();

        JsonNode decision = api.get(fund + "/decisions/D-2024-7").json();
        assertThat(decision.get("signedOn").asText()).isEqualTo("2024-05-02");
        assertThat(decision.get("authorisations").get(0).has("contributor")).isFalse();
        assertThat(decision.get("authorisations").get(0).get("headroom").asText())
                .isEqualTo("400.00");
        assertThat(decision.get("authorisations").get(1).get("headroom").asText())
                .isEqualTo("0.00");
        assertThat(decision.get("entries")).hasSize(2);

        Api.Response unknown = api.get(fund + "/decisions/NEVER-CITED");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("decision-not-found");
    }

    @Test
    void aDecisionIsRegisteredOnceWhateverIsRetried() {
        String fund = open("retried-fund", false);
        Api.Response first = api.post(fund + "/decisions", DECISION);
        assertThat(first.status()).isEqualTo(201);
        Api.Response again = api.post(fund + "/decisions", DECISION);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(again.json().get("position").asLong())
                .isEqualTo(first.json().get("position").asLong());
        Api.Response different = api.post(fund + "/decisions", DECISION.replace("1000.00", "2000.00"));
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().get("code").asText()).isEqualTo("decision-exists");
        assertThat(api.get(fund + "/decisions")
                        .json()
                        .get("decisions")
                        .get(1)
                        .get("authorised")
                        .asText())
                .isEqualTo("1500.00");
    }

    @Test
    void whereDecisionsAreRequiredAnUnregisteredOneIsRefused() {
        String fund = open("strict-fund", true);
        Api.Response refused = commit(fund, "A", null, "10", "MINUTES-3");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("decision-not-registered");
        assertThat(api.post(fund + "/decisions", DECISION).status()).isEqualTo(201);
        assertThat(commit(fund, "A", null, "10", "D-2024-7").status()).isEqualTo(201);
        // a review lifts the requirement, citing a registered decision
        Api.Response review = api.post(fund + "/reviews", """
                {"effectiveFrom": "2024-25", "reason": "Minutes are enough", "decisionRef": "D-2024-7",
                 "decisionsRequired": false}""");
        assertThat(review.status()).isEqualTo(201);
        assertThat(commit(fund, "A", null, "10", "MINUTES-3").status()).isEqualTo(201);
        // the opening was one command recording two events in one commit: the chain still verifies
        JsonNode verified = api.as("auditor").get("/api/audit/verify").json();
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("ok");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndViewersDoNotSeeTheRegister() {
        String fund = open("input-fund", false);
        Api.Response bad = api.post(fund + "/decisions", DECISION.replace("\"500\"", "\"5x\""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("authorisations[1].amount");
        Api.Response twice = api.post(fund + "/decisions", """
                {"decisionRef": "D-X", "title": "Both", "signedOn": "2024-05-02",
                 "authorisations": [{"funder": "A", "fiscalYear": "2024-25", "amount": "1"},
                                    {"funder": "A", "contributor": "A1", "fiscalYear": "2024-25", "amount": "1"}]}""");
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.json().get("code").asText()).isEqualTo("authorisation-duplicate");
        assertThat(api.as("viewer").get(fund + "/decisions").status()).isEqualTo(403);
        assertThat(api.as("auditor").get(fund + "/decisions").status()).isEqualTo(200);
        assertThat(api.as("auditor").post(fund + "/decisions", DECISION).status())
                .isEqualTo(403);
    }
}
