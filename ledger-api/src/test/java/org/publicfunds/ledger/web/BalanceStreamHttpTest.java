package org.publicfunds.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Live balances over server-sent events: current state, one message per change, resume by Last-Event-ID. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true", "ledger.streams.heartbeat=300ms"})
class BalanceStreamHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STREAM = "/api/arrangements/ctpn/balances/stream";

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    private SseClient stream(String user, String lastEventId) {
        return new SseClient(api.base(), STREAM, user == null ? null : Api.basic(user), lastEventId);
    }

    private long commit(String funder, String year, String amount) {
        Api.Response posted = api.post("/api/arrangements/ctpn/commitments", "{\"funder\":\"" + funder + "\",\"fiscalYear\":\""
                + year + "\",\"amount\":\"" + amount + "\",\"decisionRef\":\"SSE-" + amount + "\"}");
        assertThat(posted.status()).isEqualTo(201);
        return posted.json().get("position").asLong();
    }

    private static String committed(JsonNode message, String funder, String year) {
        return Api.row(message.get("balances"), funder, year).get("committed").asText();
    }

    @Test
    void startsWithTheCurrentBalancesThenSendsOneMessagePerChangeWithItsPositionAsId() throws Exception {
        try (SseClient viewer = stream("viewer", null)) {
            assertThat(viewer.status).isEqualTo(200);
            assertThat(viewer.contentType).startsWith("text/event-stream");
            SseClient.Message first = viewer.next(WAIT);
            assertThat(first.event()).isEqualTo("balances");
            JsonNode now = api.get("/api/arrangements/ctpn/balances").json();
            assertThat(first.position()).isEqualTo(now.get("position").asLong());
            assertThat(committed(first.json(), "London", "2023-24")).isEqualTo("37875.00");
            assertThat(first.json().get("recent")).isNotEmpty();
            assertThat(first.json().get("recent").get(0).get("position").asLong()).isEqualTo(first.position());

            String before = Api.row(api.get("/api/arrangements/ctpn/balances").json(), "Washington DC", "2024-25")
                    .get("committed").asText();
            long p1 = commit("Washington DC", "2024-25", "100.00");
            long p2 = commit("Washington DC", "2024-25", "0.01");
            SseClient.Message m1 = viewer.next(WAIT);
            SseClient.Message m2 = viewer.next(WAIT);
            assertThat(List.of(m1.position(), m2.position())).containsExactly(p1, p2);
            assertThat(m1.json().get("event").get("type").asText()).isEqualTo("FundingCommitted");
            assertThat(m1.json().get("event").get("payload").get("decisionRef").asText()).isEqualTo("SSE-100.00");
            assertThat(new java.math.BigDecimal(committed(m1.json(), "Washington DC", "2024-25")))
                    .isEqualByComparingTo(new java.math.BigDecimal(before).add(new java.math.BigDecimal("100.00")));
            assertThat(new java.math.BigDecimal(committed(m2.json(), "Washington DC", "2024-25")))
                    .isEqualByComparingTo(new java.math.BigDecimal(before).add(new java.math.BigDecimal("100.01")));
            // the last message is exactly what a GET answers
            JsonNode get = api.get("/api/arrangements/ctpn/balances").json();
            assertThat(m2.json().get("balances").get("rows")).isEqualTo(get.get("rows"));
            assertThat(viewer.nextComment(WAIT)).as("a heartbeat").isNotNull();
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdMissesNothingAndRepeatsNothing() throws Exception {
        long seen;
        List<Long> written = new ArrayList<>();
        try (SseClient first = stream("viewer", null)) {
            first.next(WAIT);
            written.add(commit("Stockholm", "2025-26", "1.00"));
            seen = first.next(WAIT).position();
            assertThat(seen).isEqualTo(written.get(0));
        }
        // while disconnected: more changes, some to another arrangement (not this stream's)
        written.add(commit("Stockholm", "2025-26", "2.00"));
        written.add(commit("London", "2025-26", "3.00"));
        written.add(commit("Stockholm", "2025-26", "4.00"));
        try (SseClient resumed = stream("viewer", Long.toString(seen))) {
            written.add(commit("Stockholm", "2025-26", "5.00"));
            List<SseClient.Message> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                got.add(resumed.next(WAIT));
            }
            assertThat(got).extracting(SseClient.Message::position).containsExactlyElementsOf(written.subList(1, 5));
            assertThat(got).extracting(m -> m.json().get("event").get("payload").get("amount").get("amount").asText())
                    .containsExactly("2.00", "3.00", "4.00", "5.00");
            assertThat(got).allSatisfy(m -> assertThat(m.json().has("recent")).isFalse());
            assertThat(resumed.next(Duration.ofMillis(700))).as("nothing repeated, nothing more").isNull();
        }
    }

    @Test
    void aHundredClientsAllGetEachChange() throws Exception {
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                SseClient client = stream(i % 2 == 0 ? "viewer" : "auditor", null);
                clients.add(client);
                assertThat(client.next(WAIT)).isNotNull();
            }
            long position = commit("London", "2026-27", "7.77");
            for (SseClient client : clients) {
                SseClient.Message message = client.next(WAIT);
                assertThat(message).isNotNull();
                assertThat(message.position()).isEqualTo(position);
            }
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    @Test
    void refusesABadLastEventIdAnUnknownArrangementAndNobody() {
        try (SseClient bad = stream("viewer", "yesterday")) {
            assertThat(bad.status).isEqualTo(400);
            assertThat(bad.errorBody).contains("\"field\":\"Last-Event-ID\"");
        }
        try (SseClient unknown = new SseClient(api.base(), "/api/arrangements/nope/balances/stream", Api.basic("viewer"), null)) {
            assertThat(unknown.status).isEqualTo(404);
            assertThat(unknown.errorBody).contains("arrangement-not-found");
        }
        try (SseClient anonymous = stream(null, null)) {
            assertThat(anonymous.status).isEqualTo(401);
        }
    }
}
