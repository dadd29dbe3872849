package org.publicfunds.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The history filtered as an auditor asks it: by type, funder, year, decision, who and when, page by page. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class HistoryFilterHttpTest extends HttpTest {

    private JsonNode events(String query) {
        return api.as("auditor").get("/api/arrangements/ctpn/events?" + query).json();
    }

    @Test
    void theHistoryFiltersByDecisionTypeFunderYearWhoAndWhen() {
        JsonNode byDecision = events("decisionRef=ADD2634");
        assertThat(byDecision.get("events").findValuesAsText("type"))
                .contains("DecisionRegistered", "FundingCommitted")
                .doesNotContain("CostRecorded", "FundsReceived");
        JsonNode london = events("type=FundingCommitted&funder=London&fiscalYear=2023-24");
        assertThat(london.get("events")).hasSize(2);
        assertThat(london.get("events").findValuesAsText("contributor")).containsExactlyInAnyOrder("GLA", "LFC");

        // page by page: a page of one, then the next from where it said
        JsonNode first = events("type=FundingCommitted&funder=London&fiscalYear=2023-24&limit=1");
        assertThat(first.get("events")).hasSize(1);
        JsonNode second = events("type=FundingCommitted&funder=London&fiscalYear=2023-24&limit=1&fromPosition="
                + first.get("nextFromPosition").asLong());
        assertThat(second.get("events").get(0).get("position").asLong())
                .isGreaterThan(first.get("events").get(0).get("position").asLong());

        // who and when
        assertThat(events("principal=nobody").get("events")).isEmpty();
        assertThat(events("principal=system").get("events").size()).isGreaterThan(5);
        assertThat(events("recordedTo=2000-01-01T00:00:00Z").get("events")).isEmpty();
        assertThat(events("recordedFrom=2000-01-01T00:00:00Z&type=ArrangementOpened")
                        .get("events"))
                .hasSize(1);
        assertThat(api.as("auditor")
                        .get("/api/arrangements/ctpn/events?fiscalYear=2023")
                        .json()
                        .get("field")
                        .asText())
                .isEqualTo("fiscalYear");

        // a page is streamed by another thread: the security headers are written before it starts
        Api.Response streamed = api.as("auditor").get("/api/arrangements/ctpn/events?limit=5");
        assertThat(streamed.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(streamed.header("Content-Security-Policy")).contains("default-src 'self'");
    }
}
