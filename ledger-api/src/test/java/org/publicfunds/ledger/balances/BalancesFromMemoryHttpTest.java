package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The service answers a balance query from the view its projection wrote, without reading the
 * store, for an arrangement whose segment it holds. Told apart by changing the stored view
 * behind the service's back: the answer is the view as written.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class BalancesFromMemoryHttpTest extends HttpTest {

    @Autowired
    MongoDatabase database;

    @Test
    void aBalanceQueryIsAnsweredFromTheViewThisInstanceWrote() {
        assertThat(api.post(
                                "/api/arrangements/ctpn/commitments",
                                "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"10.00\","
                                        + "\"decisionRef\":\"S-1\"}")
                        .status())
                .isEqualTo(201);
        // the projection holds its segments once it has claimed them (a second or so after start)
        String written = api.get("/api/arrangements/ctpn/balances").body();
        assertThat(written).contains("\"committed\":\"");
        database.getCollection("balance_views").updateOne(Filters.eq("_id", "ctpn"), Updates.set("sums", List.of()));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                api.get("/api/arrangements/ctpn/balances").body())
                        .isEqualTo(written));
    }
}
