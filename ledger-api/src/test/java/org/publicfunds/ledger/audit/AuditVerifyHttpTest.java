package org.publicfunds.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Tamper evidence: edits and deletions made behind the service's back are found at their position. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class AuditVerifyHttpTest extends HttpTest {

    @Autowired
    MongoDatabase database;

    @BeforeEach
    void history() {

        for (int i = 0; i < 3; i++) {
            Api.Response response = api.post(
                    "/api/arrangements/ctpn/receipts",
                    "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2023-24\",\"amount\":\"100\",\"receivedOn\":\"2023-06-0"
                            + (i + 1) + "\"}");
            assertThat(response.status()).isEqualTo(201);
        }
    }

    MongoCollection<Document> events() {
        return database.getCollection("events");
    }

    JsonNode verify() {
        Api.Response response = api.get("/api/audit/verify");
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    @Test
    void confirmsAnUntouchedHistoryUpToItsHead() {
        JsonNode result = verify();
        assertThat(result.get("status").asText()).isEqualTo("ok");
        assertThat(result.get("headPosition").asLong()).isEqualTo(9);
        assertThat(result.get("eventsChecked").asLong()).isEqualTo(9);
        JsonNode last = api.get("/api/arrangements/ctpn/events?fromPosition=9")
                .json()
                .get("events")
                .get(0);
        assertThat(result.get("headHash").asText())
                .isEqualTo(last.get("hash").asText())
                .hasSize(64);
        JsonNode before = api.get("/api/arrangements/ctpn/events?fromPosition=8&limit=1")
                .json()
                .get("events")
                .get(0);
        assertThat(last.get("previousHash").asText())
                .isEqualTo(before.get("hash").asText());
    }

    @Test
    void findsTheExactPositionOfAnEditedAmount() {
        events().updateOne(Filters.eq("_id", 5L), Updates.set("events.0.payload.amount.amount", "100000.00"));
        JsonNode result = verify();
        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("brokenAt").asLong()).isEqualTo(5);
        assertThat(result.get("reason").asText()).isEqualTo("content");
        assertThat(result.get("eventsChecked").asLong()).isEqualTo(4);
    }

    @Test
    void findsAnEditedHashByItsBrokenLink() {
        events().updateOne(Filters.eq("_id", 4L), Updates.set("events.0.hash", "f".repeat(64)));
        JsonNode result = verify();
        assertThat(result.get("brokenAt").asLong()).isEqualTo(4);
        assertThat(result.get("reason").asText()).isEqualTo("content");
    }

    @Test
    void findsADeletedEvent() {
        events().deleteOne(Filters.eq("_id", 5L));
        JsonNode result = verify();
        assertThat(result.get("status").asText()).isEqualTo("broken");
        assertThat(result.get("brokenAt").asLong()).isEqualTo(5);
        assertThat(result.get("reason").asText()).isEqualTo("missing");
    }

    @Test
    void streamsProgressAndThenTheResult() {
        Api.Response response = api.get("/api/audit/verify?progress=true");
        assertThat(response.status()).isEqualTo(200);
        String[] lines = response.body().strip().split("\n");
        assertThat(lines[0]).contains("verifiedTo");
        assertThat(lines[lines.length - 1]).contains("\"status\":\"ok\"");
    }
}
