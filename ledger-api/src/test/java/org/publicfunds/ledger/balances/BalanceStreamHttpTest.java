package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.publicfunds.ledger.testing.SseClient;
import org.springframework.boot.test.context.SpringBootTest;

/** Live balances over server-sent events: current state, one message per change, resume by Last-Event-ID. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ledger.embedded.in-memory=true",
            "ledger.reference-data=true",
            "ledger.streams.heartbeat=300ms",
            "ledger.streams.per-user=60"
        })
class BalanceStreamHttpTest extends HttpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String STREAM = "/api/arrangements/ctpn/balances/stream";

    private SseClient stream(String user, String lastEventId) {
        return new SseClient(api.base(), STREAM, user == null ? null : Api.basic(user), lastEventId);
    }

    private long commit(String funder, String year, String amount) {
        Api.Response posted = api.post(
                "/api/arrangements/ctpn/commitments",
                "{\"funder\":\"" + funder + "\","
                        // London's share is split between the GLA and the LFC: its entries name one
                        + (funder.equals("London") ? "\"contributor\":\"GLA\"," : "")
                        + "\"fiscalYear\":\"" + year + "\",\"amount\":\"" + amount
                        + "\",\"decisionRef\":\"SSE-" + amount + "\"}");
        assertThat(posted.status()).isEqualTo(201);
        return posted.json().get("position").asLong();
    }

    /**
     * The messages up to the one that includes {@code position}, checking on the way that each
     * message's id is the position of its last event; their events, oldest first.
     */
    private static List<JsonNode> eventsUntil(SseClient client, long position, List<SseClient.Message> messages)
            throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        long last = -1;
        while (last < position) {
            SseClient.Message message = client.next(WAIT);
            assertThat(message).as("a message up to position " + position).isNotNull();
            JsonNode batch = message.json().get("events");
            assertThat(batch).isNotEmpty();
            assertThat(message.position())
                    .isEqualTo(batch.get(batch.size() - 1).get("position").asLong());
            assertThat(message.position()).isGreaterThan(last);
            last = message.position();
            batch.forEach(events::add);
            messages.add(message);
        }
        return events;
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
            assertThat(first.json().get("recent").get(0).get("position").asLong())
                    .isEqualTo(first.position());

            String before = Api.row(api.get("/api/arrangements/ctpn/balances").json(), "Washington DC", "2024-25")
                    .get("committed")
                    .asText();
            long p1 = commit("Washington DC", "2024-25", "100.00");
            SseClient.Message m1 = viewer.next(WAIT);
            assertThat(m1.position()).isEqualTo(p1);
            JsonNode e1 = m1.json().get("events").get(0);
            assertThat(e1.get("type").asText()).isEqualTo("FundingCommitted");
            assertThat(e1.has("payload"))
                    .as("a VIEWER sees that something happened, not what was written")
                    .isFalse();
            assertThat(new BigDecimal(committed(m1.json(), "Washington DC", "2024-25")))
                    .isEqualByComparingTo(new BigDecimal(before).add(new BigDecimal("100.00")));

            // a burst: its changes may share a message, but each comes once, in order
            List<Long> burst = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                burst.add(commit("Washington DC", "2024-25", "0.0" + i));
            }
            List<SseClient.Message> messages = new ArrayList<>();
            List<JsonNode> events = eventsUntil(viewer, burst.get(4), messages);
            assertThat(events).extracting(e -> e.get("position").asLong()).containsExactlyElementsOf(burst);
            SseClient.Message lastMessage = messages.get(messages.size() - 1);
            assertThat(new BigDecimal(committed(lastMessage.json(), "Washington DC", "2024-25")))
                    .isEqualByComparingTo(new BigDecimal(before).add(new BigDecimal("100.15")));
            // the last message is exactly what a GET answers
            JsonNode get = api.get("/api/arrangements/ctpn/balances").json();
            assertThat(lastMessage.json().get("balances").get("rows")).isEqualTo(get.get("rows"));
            assertThat(viewer.nextComment(WAIT)).as("a heartbeat").isNotNull();
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdMissesNothingAndRepeatsNothing() throws Exception {
        long seen;
        List<Long> written = new ArrayList<>();
        try (SseClient first = stream("auditor", null)) {
            first.next(WAIT);
            written.add(commit("Stockholm", "2025-26", "1.00"));
            seen = first.next(WAIT).position();
            assertThat(seen).isEqualTo(written.get(0));
        }
        // while disconnected: more changes, some to another arrangement (not this stream's)
        written.add(commit("Stockholm", "2025-26", "2.00"));
        written.add(commit("London", "2025-26", "3.00"));
        written.add(commit("Stockholm", "2025-26", "4.00"));
        try (SseClient resumed = stream("auditor", Long.toString(seen))) {
            written.add(commit("Stockholm", "2025-26", "5.00"));
            List<SseClient.Message> got = new ArrayList<>();
            List<JsonNode> events = eventsUntil(resumed, written.get(4), got);
            assertThat(events)
                    .extracting(e -> e.get("position").asLong())
                    .containsExactlyElementsOf(written.subList(1, 5));
            assertThat(events)
                    .extracting(
                            e -> e.get("payload").get("amount").get("amount").asText())
                    .containsExactly("2.00", "3.00", "4.00", "5.00");
            assertThat(got).allSatisfy(m -> assertThat(m.json().has("recent")).isFalse());
            assertThat(resumed.next(Duration.ofMillis(700)))
                    .as("nothing repeated, nothing more")
                    .isNull();
        }
    }

    /** S5: a viewer gets balances and what kind of event changed them, not the history: never from Last-Event-ID 0. */
    @Test
    void aViewerGetsBalancesNotTheHistory() throws Exception {
        try (SseClient viewer = stream("viewer", "0")) {
            SseClient.Message first = viewer.next(WAIT);
            assertThat(first.position())
                    .isEqualTo(api.get("/api/arrangements/ctpn/balances")
                            .json()
                            .get("position")
                            .asLong());
            assertThat(first.json().get("recent"))
                    .isNotEmpty()
                    .allSatisfy(event -> assertThat(event.has("payload"))
                            .as(event.toString())
                            .isFalse());
            long position = commit("London", "2024-25", "6.00");
            List<SseClient.Message> messages = new ArrayList<>();
            List<JsonNode> events = eventsUntil(viewer, position, messages);
            assertThat(committed(messages.get(messages.size() - 1).json(), "London", "2024-25"))
                    .isEqualTo(
                            Api.row(api.get("/api/arrangements/ctpn/balances").json(), "London", "2024-25")
                                    .get("committed")
                                    .asText());
            assertThat(events).isNotEmpty().allSatisfy(event -> {
                assertThat(event.has("payload")).as(event.toString()).isFalse();
                assertThat(event.get("type").asText()).isNotEmpty();
            });
        }
        try (SseClient finance = stream("finance", "0")) {
            SseClient.Message first = finance.next(WAIT);
            assertThat(first.json().get("events").get(0).get("position").asLong())
                    .isEqualTo(1);
            assertThat(first.json()
                            .get("events")
                            .get(0)
                            .get("payload")
                            .get("arrangementId")
                            .asText())
                    .isEqualTo("ctpn");
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
        try (SseClient unknown =
                new SseClient(api.base(), "/api/arrangements/nope/balances/stream", Api.basic("viewer"), null)) {
            assertThat(unknown.status).isEqualTo(404);
            assertThat(unknown.errorBody).contains("arrangement-not-found");
        }
        try (SseClient anonymous = stream(null, null)) {
            assertThat(anonymous.status).isEqualTo(401);
        }
    }
}
