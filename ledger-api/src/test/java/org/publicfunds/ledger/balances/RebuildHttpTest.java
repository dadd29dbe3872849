package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** A rebuild from position 0 ends equal, field for field, to the live read model, and then becomes it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class RebuildHttpTest extends HttpTest {

    @Autowired
    MongoDatabase database;

    @Autowired
    LedgerViewStore views;

    @Test
    void rebuildsTheBalancesFromTheEventsAndSwitchesWithoutChangingAFigure() throws Exception {
        String receipt = api.post(
                        "/api/arrangements/ctpn/receipts",
                        "{\"funder\":\"London\",\"contributor\":\"GLA\","
                                + "\"fiscalYear\":\"2023-24\",\"amount\":\"18938\",\"receivedOn\":\"2023-05-02\"}")
                .json()
                .get("entryId")
                .asText();
        assertThat(api.post(
                                "/api/arrangements/ctpn/costs",
                                "{\"fiscalYear\":\"2023-24\",\"category\":\"coordinator\","
                                        + "\"amount\":\"30000.01\",\"incurredOn\":\"2023-09-01\",\"description\":\"Coordinator\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.post(
                                "/api/arrangements/ctpn/reviews",
                                "{\"effectiveFrom\":\"2025-26\",\"shares\":[{\"funder\":\"Stockholm\","
                                        + "\"percent\":\"40\"},{\"funder\":\"London\",\"percent\":\"30\"},{\"funder\":\"Washington DC\",\"percent\":\"30\"}],"
                                        + "\"annualBudget\":\"160000\",\"reason\":\"Review\",\"decisionRef\":\"R-1\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.post(
                                "/api/arrangements/ctpn/reversals",
                                "{\"entryId\":\"" + receipt + "\",\"reason\":\"Wrong body\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/arrangements/ctpn/fiscal-years/2023-24/close", "")
                        .status())
                .isEqualTo(201);
        long head = 0;
        for (int i = 0; i < 150; i++) {
            Api.Response committed = api.post(
                    "/api/arrangements/ctpn/commitments",
                    "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\"," + "\"amount\":\"" + (i + 1)
                            + ".50\",\"decisionRef\":\"S-" + i + "\"}");
            assertThat(committed.status()).isEqualTo(201);
            head = committed.json().get("position").asLong();
        }
        String before = api.get("/api/arrangements/ctpn/balances").body();
        List<LedgerView> live = views.findAll();
        JsonNode listed = api.get("/api/admin/projections").json().get(0);
        assertThat(listed.get("name").asText()).isEqualTo("balances");
        assertThat(listed.get("collection").asText()).isEqualTo("balance_views");

        Api.Response started = api.as("auditor").post("/api/admin/projections/balances/rebuild", "");
        assertThat(started.status()).isEqualTo(202);
        JsonNode rebuild = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/admin/projections/balances").json().get("rebuild"),
                        state -> state.get("state").asText().equals("DONE")
                                || state.get("state").asText().equals("FAILED"));
        assertThat(rebuild.get("state").asText()).as(rebuild.toString()).isEqualTo("DONE");
        assertThat(rebuild.get("position").asLong()).isEqualTo(head);
        assertThat(rebuild.get("startedAt").asText()).isNotBlank();

        String rebuilt = rebuild.get("collection").asText();
        assertThat(views.collectionName()).isEqualTo(rebuilt).isNotEqualTo("balance_views");
        assertThat(views.findAll()).isEqualTo(live);
        assertThat(new LedgerViewStore(database, "balance_views").findAll()).isEqualTo(live);
        assertThat(api.get("/api/arrangements/ctpn/balances").body()).isEqualTo(before);

        Api.Response after = api.post(
                "/api/arrangements/ctpn/commitments",
                "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2024-25\",\"amount\":\"1\",\"decisionRef\":\"L-1\"}");
        assertThat(after.status()).isEqualTo(201);
        assertThat(Api.row(
                                api.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25")
                                        .json(),
                                "London",
                                "2024-25")
                        .get("committed")
                        .asText())
                .isEqualTo("1.00");
        assertThat(api.get("/api/admin/projections")
                        .json()
                        .get(0)
                        .get("collection")
                        .asText())
                .isEqualTo(rebuilt);
        assertThat(api.as("auditor")
                        .post("/api/admin/projections/nothing/rebuild", "")
                        .status())
                .isEqualTo(404);
    }
}
