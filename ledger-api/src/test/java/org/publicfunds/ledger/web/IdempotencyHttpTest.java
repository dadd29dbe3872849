package org.publicfunds.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Retries with an Idempotency-Key get the first answer and store nothing new. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
class IdempotencyHttpTest {

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    com.mongodb.client.MongoDatabase database;

    Api.Response post(Api api, String path, String key, String body) {
        return api.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    long events(Api api) {
        return api.get("/api/audit/verify").json().get("headPosition").asLong();
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheFirstResponseAndStoresNothing() {
        Api api = new Api(port);
        String body = "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2024-25\",\"amount\":\"75750\",\"decisionRef\":\"KF-2024\"}";
        Api.Response first = post(api, "/api/arrangements/ctpn/commitments", "stockholm-2024-commitment", body);
        assertThat(first.status()).isEqualTo(201);
        long stored = events(api);

        Api.Response retry = post(api, "/api/arrangements/ctpn/commitments", "stockholm-2024-commitment", body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.json().get("entryId").asText()).isEqualTo(first.json().get("entryId").asText());
        assertThat(events(api)).isEqualTo(stored);
        assertThat(Api.row(api.get("/api/arrangements/ctpn/balances?fiscalYear=2024-25").json(), "Stockholm", "2024-25")
                .get("committed").asText()).isEqualTo("75750.00");

        Api.Response other = post(api, "/api/arrangements/ctpn/commitments", "stockholm-2024-commitment",
                body.replace("75750", "75751"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(events(api)).isEqualTo(stored);
    }

    @Test
    void keepsTheAnswerToARejectedRequestAndRefusesMalformedKeys() {
        Api api = new Api(port);
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

    @Test
    void aKeyStillBeingProcessedIsAnsweredRetryLaterAndKeysBelongToTheirUser() {
        Api api = new Api(port);
        // a request with this key is in flight (its reservation is stored before it runs)
        database.getCollection("idempotency_keys").insertOne(new org.bson.Document("_id", "finance in-flight")
                .append("fingerprint", "x").append("state", "pending"));
        String body = "{\"funder\":\"Stockholm\",\"fiscalYear\":\"2025-26\",\"amount\":\"3\",\"decisionRef\":\"X\"}";
        long before = events(api);
        Api.Response concurrent = post(api, "/api/arrangements/ctpn/commitments", "in-flight", body);
        assertThat(concurrent.status()).isEqualTo(409);
        assertThat(concurrent.json().get("code").asText()).isEqualTo("idempotency-key-in-use");
        assertThat(events(api)).isEqualTo(before);

        // another user's key of the same name is a different request
        database.getCollection("idempotency_keys").insertOne(new org.bson.Document("_id", "someone-else shared-name")
                .append("fingerprint", "x").append("state", "pending"));
        assertThat(post(api, "/api/arrangements/ctpn/commitments", "shared-name", body).status()).isEqualTo(201);
    }
}
