package org.publicfunds.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.testing.Api;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded store keeps everything across a restart, and the reference case is loaded only once. */
class RestartHttpTest {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start() {
        // command-line arguments: they outrank application.yml, unlike builder default properties;
        // the write-ahead log forced to the disk on every append, as a power-cut-proof setup runs it
        return new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--ledger.data-dir=" + dataDir,
                        "--ledger.reference-data=true",
                        "--ledger.embedded.fsync=true");
    }

    static Api.Response receiptWithKey(Api api) {
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/arrangements/ctpn/receipts"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "gla-receipt-2023-05-02")
                .POST(HttpRequest.BodyPublishers.ofString("{\"funder\":\"London\",\"contributor\":\"GLA\","
                        + "\"fiscalYear\":\"2023-24\",\"amount\":\"18938\",\"receivedOn\":\"2023-05-02\"}")));
    }

    @Test
    void answersTheSameBalancesAndHistoryAfterARestart() {
        String before;
        String firstAnswer;
        try (ConfigurableApplicationContext first = start()) {
            Api api = Api.of(first);
            Api.Response receipt = receiptWithKey(api);
            assertThat(receipt.status()).isEqualTo(201);
            firstAnswer = receipt.body();
            before = api.get("/api/arrangements/ctpn/balances").body();
        }
        try (ConfigurableApplicationContext second = start()) {
            Api api = Api.of(second);
            JsonNode balances = api.get("/api/arrangements/ctpn/balances?fiscalYear=2023-24")
                    .json();
            JsonNode london = Api.row(balances, "London", "2023-24");
            assertThat(london.get("committed").asText()).isEqualTo("37875.00");
            assertThat(london.get("received").asText()).isEqualTo("18938.00");
            assertThat(london.get("outstanding").asText()).isEqualTo("18937.00");
            assertThat(api.get("/api/arrangements/ctpn/balances").body()).isEqualTo(before);
            JsonNode events = api.get("/api/arrangements/ctpn/events").json().get("events");
            assertThat(events).extracting(e -> e.get("position").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

            // the client never saw the first answer and retries after the restart: same answer, nothing stored
            assertThat(receiptWithKey(api).body()).isEqualTo(firstAnswer);

            Api.Response after = api.post(
                    "/api/arrangements/ctpn/receipts",
                    "{\"funder\":\"London\",\"contributor\":\"LFC\",\"fiscalYear\":\"2023-24\",\"amount\":\"18937\",\"receivedOn\":\"2023-05-03\"}");
            assertThat(after.json().get("position").asLong()).isEqualTo(8);
        }
    }
}
