package org.publicfunds.ledger.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;

/** Many clients committing to one arrangement at once: no entry lost or doubled, positions without gaps. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
class ConcurrentWritersHttpTest extends HttpTest {

    @Test
    void eightClientsTimesFiveHundredCommitmentsAddUpExactly() throws Exception {
        assertThat(api.post("/api/arrangements", """
                {"arrangementId": "busy-fund", "name": "Busy fund", "host": "Host", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2024-25",
                 "shares": [{"funder": "A", "percent": "100"}], "decisionRef": "D-1"}""").status()).isEqualTo(201);
        long before = api.get("/api/audit/verify").json().get("headPosition").asLong();

        Set<Long> positions = ConcurrentHashMap.newKeySet();
        AtomicReference<BigDecimal> acknowledged = new AtomicReference<>(BigDecimal.ZERO);
        List<Callable<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.add(() -> {
                Api own = new Api(port);
                int created = 0;
                for (int i = 0; i < 500; i++) {
                    String amount = (client + 1) + "." + String.format("%02d", i % 100);
                    Api.Response response = own.post(
                            "/api/arrangements/busy-fund/commitments",
                            "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"" + amount
                                    + "\",\"decisionRef\":\"C-" + client + "\"}");
                    if (response.status() == 201) {
                        created++;
                        assertThat(positions.add(response.json().get("position").asLong()))
                                .isTrue();
                        acknowledged.accumulateAndGet(new BigDecimal(amount), BigDecimal::add);
                    } else {
                        assertThat(response.status()).as(response.body()).isEqualTo(409);
                    }
                }
                return created;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        int created = 0;
        for (Future<Integer> done : pool.invokeAll(clients)) {
            created += done.get();
        }
        pool.shutdown();

        assertThat(created).isEqualTo(4000);
        assertThat(positions).hasSize(created);
        assertThat(positions.stream().mapToLong(Long::longValue).min().orElseThrow())
                .isEqualTo(before + 1);
        assertThat(positions.stream().mapToLong(Long::longValue).max().orElseThrow())
                .isEqualTo(before + created);
        String committed = Api.row(
                        api.get("/api/arrangements/busy-fund/balances").json(), "A", "2024-25")
                .get("committed")
                .asText();
        assertThat(new BigDecimal(committed)).isEqualByComparingTo(acknowledged.get());
        JsonNode verify = api.get("/api/audit/verify").json();
        assertThat(verify.get("status").asText()).as(verify.toString()).isEqualTo("ok");
    }
}
