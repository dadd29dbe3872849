package org.publicfunds.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.testing.Api;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * S2: the last events deleted while the service was down, the head hint with them, leave a
 * chain that is whole as far as it goes; only the signed checkpoint outside the database says
 * that more was there. Verify reports them missing after the restart.
 */
class CheckpointRestartTest {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class)
                .run("--server.port=0", "--ledger.data-dir=" + dataDir, "--ledger.reference-data=true");
    }

    @Test
    void aTailDeletedWhileTheServiceWasDownIsReportedByTheCheckpoint() {
        long last;
        try (ConfigurableApplicationContext first = start()) {
            Api api = Api.of(first);
            api.post(
                    "/api/arrangements/ctpn/commitments",
                    "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"1.00\",\"decisionRef\":\"ONE\"}");
            last = api.post(
                            "/api/arrangements/ctpn/commitments",
                            "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"2.00\",\"decisionRef\":\"TWO\"}")
                    .json()
                    .get("position")
                    .asLong();
            JsonNode checkpoint =
                    api.as("auditor").post("/api/audit/checkpoints", "").json();
            assertThat(checkpoint.get("position").asLong()).isEqualTo(last);
        }
        assertThat(Files.exists(dataDir.resolve("checkpoints.jsonl"))).isTrue();
        assertThat(Files.exists(dataDir.resolve("audit-signing.key.pub"))).isTrue();

        // someone with access to the database removes the last event and the hint of where the store ended
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 0);
                MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("events").deleteOne(Filters.eq("_id", last));
            client.getDatabase("ledger").getCollection("events_head").deleteMany(new Document());
        }

        try (ConfigurableApplicationContext second = start()) {
            JsonNode verified = Api.of(second).get("/api/audit/verify").json();
            assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("broken");
            assertThat(verified.get("reason").asText()).isEqualTo("missing");
            assertThat(verified.get("brokenAt").asLong()).isEqualTo(last);
            assertThat(verified.get("detail").asText()).contains("signed checkpoint");
        }
    }
}
