package org.publicfunds.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.testing.Api;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two ledger instances on one store: the first runs the embedded server, the second connects to
 * it. Commands go to both; each processes one of the balance processor's two segments; both end
 * with identical balances and the global order has no gaps.
 */
class TwoInstancesHttpTest {

    @Test
    void twoInstancesShareOneStoreAndAgree() throws Exception {
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(LedgerApplication.class)
                        .run(
                                "--server.port=0",
                                "--ledger.embedded.in-memory=true",
                                "--ledger.reference-data=true",
                                "--ledger.node-id=first");
                ConfigurableApplicationContext second = secondOn(first, "second")) {
            Api a = Api.of(first);
            Api b = Api.of(second);
            // each instance has a thread for every segment (to take over those of one that stops), so the first
            // holds both; it lets one go, and the second's idle thread takes it
            first.getBean(EventProcessingConfiguration.class)
                    .eventProcessor("balances", StreamingEventProcessor.class)
                    .orElseThrow()
                    .releaseSegment(1, 60, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> b.get("/api/admin/projections")
                                    .json()
                                    .get(0)
                                    .get("segments")
                                    .size()
                            == 1);
            for (Api api : List.of(a, b)) {
                for (String id : List.of("north-fund", "south-fund")) {
                    if (api == a) {
                        assertThat(api.post(
                                                "/api/arrangements",
                                                ("{\"arrangementId\": \"%s\", \"name\": \"N\", \"host\": \"H\","
                                                                + " \"basis\": \"COST_RECOVERY\", \"currency\": \"GBP\", \"firstFiscalYear\": \"2024-25\","
                                                                + " \"lastFiscalYear\": \"2024-25\", \"shares\": [{\"funder\": \"A\", \"percent\": \"100\"}],"
                                                                + " \"decisionRef\": \"D\"}")
                                                        .formatted(id))
                                        .status())
                                .isEqualTo(201);
                    }
                }
            }
            AtomicReference<BigDecimal> acknowledged = new AtomicReference<>(BigDecimal.ZERO);
            List<Callable<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                Api api = c % 2 == 0 ? a : b;
                String id = c < 2 ? "north-fund" : "south-fund";
                clients.add(() -> {
                    for (int i = 0; i < 100; i++) {
                        Api.Response response = api.post(
                                "/api/arrangements/" + id + "/commitments",
                                "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"1.25\",\"decisionRef\":\"D\"}");
                        if (response.status() == 201) {
                            acknowledged.accumulateAndGet(new BigDecimal("1.25"), BigDecimal::add);
                        } else {
                            assertThat(response.status()).as(response.body()).isIn(202, 409);
                        }
                    }
                    return null;
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (Future<Void> done : pool.invokeAll(clients)) {
                done.get();
            }
            pool.shutdown();

            long head = a.get("/api/audit/verify").json().get("headPosition").asLong();
            await().atMost(Duration.ofSeconds(10)).until(() -> lag(a) == 0 && lag(b) == 0);
            BigDecimal total = BigDecimal.ZERO;
            for (String id : List.of("north-fund", "south-fund")) {
                String onA = a.get("/api/arrangements/" + id + "/balances").body();
                assertThat(b.get("/api/arrangements/" + id + "/balances").body())
                        .isEqualTo(onA);
                total = total.add(new BigDecimal(
                        Api.row(a.get("/api/arrangements/" + id + "/balances").json(), "A", "2024-25")
                                .get("committed")
                                .asText()));
            }
            assertThat(total).isGreaterThanOrEqualTo(acknowledged.get());
            assertThat(a.get("/api/audit/verify").json().get("status").asText()).isEqualTo("ok");
            assertThat(b.get("/api/audit/verify").json().get("headPosition").asLong())
                    .isEqualTo(head);
            assertThat(a.get("/api/arrangements/ctpn/events").json().get("events"))
                    .hasSize(6);
            List<Integer> segments = new ArrayList<>();
            a.get("/api/admin/projections").json().get(0).get("segments").forEach(s -> segments.add(s.asInt()));
            b.get("/api/admin/projections").json().get(0).get("segments").forEach(s -> segments.add(s.asInt()));
            assertThat(segments).containsExactlyInAnyOrder(0, 1);

            // R2: a funder added on the first instance is a party on the second at once, whose cached copy of the
            // arrangement is behind (it took commitments above): never a 422 from a stale cache
            assertThat(a.post(
                                    "/api/arrangements/north-fund/reviews",
                                    "{\"effectiveFrom\":\"2024-25\",\"shares\":["
                                            + "{\"funder\":\"A\",\"percent\":\"60\"},{\"funder\":\"Paris\",\"percent\":\"40\"}],"
                                            + "\"reason\":\"Paris joins\",\"decisionRef\":\"R2\"}")
                            .status())
                    .isEqualTo(201);
            Api.Response paris = b.post(
                    "/api/arrangements/north-fund/commitments",
                    "{\"funder\":\"Paris\",\"fiscalYear\":\"2024-25\",\"amount\":\"2.00\",\"decisionRef\":\"R2\"}");
            assertThat(paris.status()).as(paris.body()).isIn(201, 202);

            // a rebuild switches only while no other instance processes the balances: refused while the second does
            JsonNode refused = rebuild(a);
            assertThat(refused.get("state").asText()).isEqualTo("FAILED");
            assertThat(refused.get("error").asText()).contains("another instance is processing");
            assertThat(a.get("/api/admin/projections")
                            .json()
                            .get(0)
                            .get("collection")
                            .asText())
                    .isEqualTo("balance_views");
            assertThat(b.get("/api/admin/projections")
                            .json()
                            .get(0)
                            .get("collection")
                            .asText())
                    .isEqualTo("balance_views");
            assertThat(b.get("/api/arrangements/north-fund/balances").body())
                    .isEqualTo(a.get("/api/arrangements/north-fund/balances").body());

            // with the second stopped it switches, and an instance started later follows the switch
            second.close();
            JsonNode done = rebuild(a);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            String rebuilt = done.get("collection").asText();
            try (ConfigurableApplicationContext third = secondOn(first, "third")) {
                Api c = Api.of(third);
                assertThat(c.get("/api/admin/projections")
                                .json()
                                .get(0)
                                .get("collection")
                                .asText())
                        .isEqualTo(rebuilt);
                assertThat(c.get("/api/arrangements/north-fund/balances").body())
                        .isEqualTo(
                                a.get("/api/arrangements/north-fund/balances").body());
                assertThat(c.post(
                                        "/api/arrangements/north-fund/commitments",
                                        "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"1.00\",\"decisionRef\":\"D\"}")
                                .status())
                        .isEqualTo(201);
                assertThat(a.get("/api/arrangements/north-fund/balances").body())
                        .isEqualTo(
                                c.get("/api/arrangements/north-fund/balances").body());
            }
        }
    }

    private static ConfigurableApplicationContext secondOn(ConfigurableApplicationContext first, String name) {
        return new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.data.mongodb.uri=mongodb://127.0.0.1:"
                                + first.getEnvironment().getProperty("local.mongo.port") + "/ledger",
                        "--ledger.reference-data=true",
                        "--ledger.node-id=" + name);
    }

    /** Starts a rebuild as the auditor and waits for it to end. */
    private static JsonNode rebuild(Api api) throws InterruptedException {
        Api auditor = api.as("auditor");
        assertThat(auditor.post("/api/admin/projections/balances/rebuild", "").status())
                .isEqualTo(202);
        return await().atMost(Duration.ofSeconds(30))
                .alias("the rebuild ends")
                .until(
                        () -> auditor.get("/api/admin/projections/balances")
                                .json()
                                .get("rebuild"),
                        status -> !status.get("state").asText().equals("RUNNING")
                                && !status.get("state").asText().equals("SWITCHING"));
    }

    private static long lag(Api api) {
        return api.get("/api/admin/projections").json().get(0).get("lag").asLong();
    }
}
