package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.eventstore.RecordClock;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Balances as of a past instant or position equal, field for field, what the live read model showed then. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=false"})
class AsOfBalancesHttpTest extends HttpTest {

    /** A clock the test controls: every reading is one second after the previous one. */
    static final class SteppingClock extends Clock {
        private final AtomicLong seconds =
                new AtomicLong(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond());

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.incrementAndGet());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        RecordClock steppingClock() {
            SteppingClock clock = new SteppingClock();
            // its ticker moves with it: each step is time passing, not a step of the clock ahead
            return new RecordClock(clock, () -> clock.seconds.get() * 1_000_000_000L);
        }
    }

    @Test
    void answersEveryPastPositionAndInstantExactlyAsTheLiveReadModelDid() {
        assertThat(api.post("/api/arrangements", """
                {"arrangementId": "asof-fund", "name": "As-of fund", "host": "Host", "basis": "COST_RECOVERY",
                 "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2025-26",
                 "shares": [{"funder": "A", "percent": "50"}, {"funder": "B", "percent": "50"}],
                 "annualBudget": "10000", "decisionRef": "D-1"}""").status()).isEqualTo(201);
        Map<Long, String> seen = new LinkedHashMap<>();
        String firstEntry = null;
        for (int i = 0; i < 300; i++) {
            String year = i < 250 && i % 2 == 0 ? "2024-25" : "2025-26";
            Api.Response response;
            if (i == 150) {
                response = api.post(
                        "/api/arrangements/asof-fund/reviews",
                        "{\"effectiveFrom\":\"2024-25\",\"shares\":"
                                + "[{\"funder\":\"A\",\"percent\":\"70\"},{\"funder\":\"B\",\"percent\":\"30\"}],\"reason\":\"R\",\"decisionRef\":\"D-2\"}");
            } else if (i == 200) {
                response = api.post(
                        "/api/arrangements/asof-fund/reversals",
                        "{\"entryId\":\"" + firstEntry + "\",\"reason\":\"Error\"}");
            } else if (i == 250) {
                response = api.post("/api/arrangements/asof-fund/fiscal-years/2024-25/close", "");
            } else if (i % 7 == 0) {
                response = api.post(
                        "/api/arrangements/asof-fund/costs",
                        "{\"fiscalYear\":\"" + year + "\",\"category\":\"events\",\"amount\":\"" + (i + 1)
                                + ".01\",\"incurredOn\":\"2024-09-01\",\"description\":\"D\"}");
            } else {
                response = api.post(
                        "/api/arrangements/asof-fund/commitments",
                        "{\"funder\":\"" + (i % 3 == 0 ? "A" : "B") + "\",\"fiscalYear\":\"" + year + "\",\"amount\":\""
                                + (i + 1) + ".00\",\"decisionRef\":\"D-" + i + "\"}");
                if (firstEntry == null) {
                    firstEntry = response.json().get("entryId").asText();
                }
            }
            assertThat(response.status()).as(response.body()).isEqualTo(201);
            if (i % 37 == 0 || i == 150 || i == 200 || i == 250 || i == 299) {
                seen.put(
                        response.json().get("position").asLong(),
                        figures(api.get("/api/arrangements/asof-fund/balances").json()));
            }
        }
        for (Map.Entry<Long, String> past : seen.entrySet()) {
            JsonNode atPosition = api.get("/api/arrangements/asof-fund/balances?atPosition=" + past.getKey())
                    .json();
            assertThat(figures(atPosition)).as("at position %d", past.getKey()).isEqualTo(past.getValue());

            JsonNode event = api.get("/api/arrangements/asof-fund/events?limit=1&fromPosition=" + past.getKey())
                    .json()
                    .get("events")
                    .get(0);
            String recordedAt = event.get("recordedAt").asText();
            JsonNode asOf = api.get("/api/arrangements/asof-fund/balances?asOf=" + recordedAt)
                    .json();
            assertThat(figures(asOf)).as("as of %s", recordedAt).isEqualTo(past.getValue());
            assertThat(Instant.parse(asOf.get("asOf").asText())).isEqualTo(Instant.parse(recordedAt));
        }
        assertThat(api.get("/api/arrangements/asof-fund/balances?asOf=2020-01-01T00:00:00Z")
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/arrangements/asof-fund/balances?asOf=yesterday")
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/arrangements/asof-fund/balances?asOf=2024-01-01T00:00:00Z&atPosition=3")
                        .status())
                .isEqualTo(400);
    }

    /** What a finance user reads: rows, contributors and year totals. */
    private static String figures(JsonNode balances) {
        return balances.get("rows").toString() + balances.get("contributors") + balances.get("years");
    }
}
