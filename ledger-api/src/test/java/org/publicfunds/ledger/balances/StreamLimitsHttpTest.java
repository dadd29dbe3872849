package org.publicfunds.ledger.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.publicfunds.ledger.testing.SseClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * R3: streams are capped per user and per instance, and clients that stop reading (their sockets
 * full) hold up nobody else's stream.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ledger.embedded.in-memory=true",
            "ledger.reference-data=true",
            "ledger.streams.per-user=3",
            "ledger.streams.max=8",
            "ledger.streams.heartbeat=200ms"
        })
@DirtiesContext
class StreamLimitsHttpTest extends HttpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    MeterRegistry meters;

    /** Each test starts with no stream open: a client gone is noticed at the next heartbeat (200 ms here). */
    @AfterEach
    void everyStreamIsReleased() {
        await().atMost(WAIT)
                .alias("every stream is released")
                .until(() -> meters.get("ledger.streams.clients").gauge().value() == 0);
    }

    @Test
    void streamsAreCappedPerUserAndPerInstance() {
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(
                        new SseClient(api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("viewer"), null));
                assertThat(open.get(i).status).isEqualTo(200);
            }
            try (SseClient fourth =
                    new SseClient(api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("viewer"), null)) {
                assertThat(fourth.status).isEqualTo(429);
                assertThat(fourth.errorBody).contains("too-many-streams");
            }
            // another user may still open streams, up to the instance's cap
            for (int i = 0; i < 3; i++) {
                open.add(new SseClient(
                        api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("auditor"), null));
            }
            open.add(new SseClient(api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("finance"), null));
            open.add(new SseClient(api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("finance"), null));
            try (SseClient ninth =
                    new SseClient(api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("finance"), null)) {
                assertThat(ninth.status).isEqualTo(429);
            }
        } finally {
            open.forEach(SseClient::close);
        }
        // a closed stream frees its place
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            try (SseClient again =
                    new SseClient(api.base(), "/api/arrangements/ctpn/balances/stream", Api.basic("viewer"), null)) {
                status = again.status;
            }
        }
        assertThat(status).isEqualTo(200);
    }

    /**
     * Five clients that never read, on an arrangement whose balances are large (50 funders, 50
     * years: every message fills their sockets), and one that reads: it gets its messages.
     */
    @Test
    void clientsThatStopReadingHoldUpNobody() throws Exception {
        StringBuilder shares = new StringBuilder();
        for (int f = 0; f < 50; f++) {
            shares.append(f == 0 ? "" : ",")
                    .append("{\"funder\":\"City number ")
                    .append(f)
                    .append("\",\"percent\":\"2\"}");
        }
        assertThat(api.post(
                                "/api/arrangements",
                                "{\"arrangementId\":\"big\",\"name\":\"Big\",\"host\":\"H\",\"basis\":\"COST_RECOVERY\","
                                        + "\"currency\":\"GBP\",\"firstFiscalYear\":\"2023-24\",\"lastFiscalYear\":\"2072-73\",\"shares\":["
                                        + shares
                                        + "],\"annualBudget\":\"1000000.00\",\"decisionRef\":\"BIG\"}")
                        .status())
                .isEqualTo(201);
        List<Socket> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(1024);
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                OutputStream out = socket.getOutputStream();
                String user = i < 3 ? "finance" : "auditor";
                out.write(
                        ("GET /api/arrangements/big/balances/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                                        + "Authorization: " + Api.basic(user) + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stuck.add(socket);
            }
            Thread.sleep(1_000);
            try (SseClient reader =
                    new SseClient(api.base(), "/api/arrangements/big/balances/stream", Api.basic("viewer"), null)) {
                assertThat(reader.status).isEqualTo(200);
                SseClient.Message first = reader.next(WAIT);
                assertThat(first)
                        .as("the first message, though five clients are stuck")
                        .isNotNull();
                long position = api.post(
                                "/api/arrangements/big/commitments",
                                "{\"funder\":\"City number 7\",\"fiscalYear\":\"2023-24\",\"amount\":\"1.00\",\"decisionRef\":\"B\"}")
                        .json()
                        .get("position")
                        .asLong();
                SseClient.Message next = reader.next(WAIT);
                assertThat(next).as("the change, though five clients are stuck").isNotNull();
                assertThat(next.position()).isEqualTo(position);
            }
        } finally {
            for (Socket socket : stuck) {
                socket.close();
            }
        }
    }
}
