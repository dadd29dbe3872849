package org.publicfunds.ledger.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Retries with an Idempotency-Key get the first answer and store nothing new. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class IdempotencyHttpTest extends HttpTest {

    @Autowired
    MongoDatabase database;

    Api.Response post(Api api, String path, String key, String body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    long events(Api api) {
        return api.get("/api/audit/verify").json().get("headPosition").asLong();
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstResponseAndStoresNothing() {
        String body =
                "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"75750\",\"decisionRef\":\"KF-2024\"}";
        Api.Response first = post(api, "/api/arrangements/ctpn/commitments", "stockholm-2024-commitment", body);
        assertThat(first.status()).isEqualTo(201);
        long stored = events(api);

        Api.Response retry = post(api, "/api/arrangements/ctpn/commitments", "stockholm-2024-commitment", body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.json().get("entryId").asText())
                .isEqualTo(first.json().get("entryId").asText());
        assertThat(events(api)).isEqualTo(stored);
        assertThat(Api.row(
                                api.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25")
                                        .json(),
                                "Stockholm",
                                "2024-25")
                        .get("committed")
                        .asText())
                .isEqualTo("75750.00");

        Api.Response other = post(
                api, "/api/arrangements/ctpn/commitments", "stockholm-2024-commitment", body.replace("75750", "75751"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(events(api)).isEqualTo(stored);
    }

    @Test
    void keepsTheAnswerToARejectedRequestAndRefusesMalformedKeys() {
        String body = "{\"funder\":\"Paris\",\"fiscalYear\":\"2024-25\",\"amount\":\"1\",\"decisionRef\":\"X\"}";
        Api.Response first = post(api, "/api/arrangements/ctpn/commitments", "not-a-party", body);
        assertThat(first.status()).isEqualTo(422);
        Api.Response again = post(api, "/api/arrangements/ctpn/commitments", "not-a-party", body);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).isEqualTo(first.body());
        Api.Response malformed = post(api, "/api/arrangements/ctpn/commitments", "has space", body);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
    }

    /** A reservation held by a request still running elsewhere (another node, a lease that holds). */
    private void reserve(String user, String key, String body, Instant leaseUntil, String node, String boot) {
        database.getCollection("idempotency_keys")
                .insertOne(new Document("_id", user + " " + key)
                        .append(
                                "fingerprint",
                                IdempotencyFilter.fingerprint(
                                        "POST",
                                        "/api/arrangements/ctpn/commitments",
                                        null,
                                        body.getBytes(StandardCharsets.UTF_8)))
                        .append("state", "pending")
                        .append("node", node)
                        .append("boot", boot)
                        .append("leaseUntil", Date.from(leaseUntil))
                        .append("createdAt", new Date()));
    }

    @Test
    void aKeyStillBeingProcessedIsAnsweredRetryLaterAndKeysBelongToTheirUser() {
        String body = "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2025-26\",\"amount\":\"3\",\"decisionRef\":\"X\"}";
        reserve("finance", "in-flight", body, Instant.now().plusSeconds(30), "another-node", "its-boot");
        long before = events(api);
        Api.Response concurrent = post(api, "/api/arrangements/ctpn/commitments", "in-flight", body);
        assertThat(concurrent.status()).isEqualTo(409);
        assertThat(concurrent.json().get("code").asText()).isEqualTo("idempotency-key-in-use");
        assertThat(Integer.parseInt(concurrent.header("Retry-After"))).isBetween(1, 31);
        assertThat(events(api)).isEqualTo(before);

        // another user's key of the same name is a different request
        reserve("someone-else", "shared-name", body, Instant.now().plusSeconds(30), "another-node", "its-boot");
        assertThat(post(api, "/api/arrangements/ctpn/commitments", "shared-name", body)
                        .status())
                .isEqualTo(201);
    }

    /**
     * A reservation whose holder died (a kill -9 before it answered) never blocks the key for good:
     * once its lease has run out the next request with the key runs, once.
     */
    @Test
    void aReservationWhoseLeaseRanOutIsTakenOverAndAnsweredOnce() {
        String body = "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2025-26\",\"amount\":\"4\",\"decisionRef\":\"X\"}";
        reserve("finance", "orphaned", body, Instant.now().minusSeconds(1), "a-dead-node", "its-boot");
        long before = events(api);
        Api.Response first = post(api, "/api/arrangements/ctpn/commitments", "orphaned", body);
        assertThat(first.status()).isEqualTo(201);
        Api.Response again = post(api, "/api/arrangements/ctpn/commitments", "orphaned", body);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(events(api)).isEqualTo(before + 1);
    }

    /**
     * The answer was lost and the key's record with it (a 5xx releases it): the retry finds the
     * stored entry by the key it carries in the store, answers with it and stores nothing.
     */
    @Test
    void aRetryAfterItsRecordIsGoneFindsTheStoredEntry() {
        String body = "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2025-26\",\"amount\":\"5\",\"decisionRef\":\"X\"}";
        Api.Response first = post(api, "/api/arrangements/ctpn/commitments", "record-lost", body);
        assertThat(first.status()).isEqualTo(201);
        long stored = events(api);
        database.getCollection("idempotency_keys").deleteOne(new Document("_id", "finance record-lost"));

        Api.Response retry = post(api, "/api/arrangements/ctpn/commitments", "record-lost", body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(retry.json().get("entryId").asText())
                .isEqualTo(first.json().get("entryId").asText());
        assertThat(retry.json().get("position").asLong())
                .isEqualTo(first.json().get("position").asLong());
        assertThat(events(api)).isEqualTo(stored);

        database.getCollection("idempotency_keys").deleteOne(new Document("_id", "finance record-lost"));
        Api.Response other =
                post(api, "/api/arrangements/ctpn/commitments", "record-lost", body.replace("\"5\"", "\"6\""));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(events(api)).isEqualTo(stored);
    }

    /** The client's own entry id is a key too: the same entry sent twice is stored once; another entry under it is refused. */
    @Test
    void anEntryIdChosenByTheClientIsStoredOnce() {
        String body = "{\"entryId\":\"receipt-2025-0001\",\"funder\":\"Stockholm\",\"fiscalYear\":\"2025-26\","
                + "\"amount\":\"7.00\",\"receivedOn\":\"2025-05-02\"}";
        Api.Response first = api.post("/api/arrangements/ctpn/receipts", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("entryId").asText()).isEqualTo("receipt-2025-0001");
        long stored = events(api);

        Api.Response retry = api.post("/api/arrangements/ctpn/receipts", body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(retry.json().get("position").asLong())
                .isEqualTo(first.json().get("position").asLong());
        assertThat(events(api)).isEqualTo(stored);

        Api.Response different = api.post("/api/arrangements/ctpn/receipts", body.replace("7.00", "8.00"));
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().get("code").asText()).isEqualTo("entry-id-taken");
        assertThat(events(api)).isEqualTo(stored);

        Api.Response malformed =
                api.post("/api/arrangements/ctpn/receipts", body.replace("receipt-2025-0001", "no spaces"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("field").asText()).isEqualTo("entryId");
    }
}
