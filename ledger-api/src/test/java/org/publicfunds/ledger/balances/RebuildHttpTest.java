package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** A rebuild from position 0 ends equal, field for field, to the live read model, and then becomes it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class RebuildHttpTest extends HttpTest {

    @Autowired
    MongoDatabase database;

    @Autowired
    LedgerViewStore views;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    EventLog history;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TokenStore tokens;

    /**
     * Trust review 2, R4: a rebuild switches under steady writes. Here every pass over the store
     * finds something new (a commitment is posted as each pass opens its read): a rebuild that
     * waited for a pass finding nothing never switched. No entry posted meanwhile is missing from
     * the balances it switched to.
     */
    @Test
    void aRebuildSwitchesUnderSteadyWritesAndKeepsEveryEntry() {
        assertThat(api.post("/api/arrangements", """
                {"arrangementId": "steady", "name": "Steady", "host": "Host", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2024-25",
                 "shares": [{"funder": "A", "percent": "100"}], "decisionRef": "D-1"}""").status()).isEqualTo(201);
        AtomicInteger passes = new AtomicInteger();
        AtomicReference<BalanceRebuild> started = new AtomicReference<>();
        EventStorageEngine writtenMeanwhile = (EventStorageEngine) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EventStorageEngine.class}, (proxy, method, args) -> {
                    // the catch-up passes (the switch's own pass runs with processing stopped: no 201 then)
                    if (method.getName().equals("readEvents")
                            && args.length == 2
                            && Boolean.FALSE.equals(args[1])
                            && started.get().status().state() == BalanceRebuild.State.RUNNING) {
                        passes.incrementAndGet();
                        assertThat(api.post(
                                                "/api/arrangements/steady/commitments",
                                                "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"1.00\","
                                                        + "\"decisionRef\":\"S\"}")
                                        .status())
                                .isEqualTo(201);
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        BalanceRebuild rebuild = new BalanceRebuild(
                database, writtenMeanwhile, history, views, processing, tokens, new SimpleMeterRegistry());
        started.set(rebuild);
        assertThat(rebuild.start()).isTrue();
        BalanceRebuild.Status done = await().atMost(Duration.ofSeconds(60))
                .until(
                        rebuild::status,
                        s -> s.state() != BalanceRebuild.State.RUNNING && s.state() != BalanceRebuild.State.SWITCHING);
        assertThat(done.state()).as(done.toString()).isEqualTo(BalanceRebuild.State.DONE);
        assertThat(passes.get()).isPositive();
        assertThat(Api.row(api.get("/api/arrangements/steady/balances").json(), "A", "2024-25")
                        .get("committed")
                        .asText())
                .isEqualTo(passes.get() + ".00");
    }

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
