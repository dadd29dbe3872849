package org.publicfunds.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.testing.Api;

/**
 * The whole service as a separate process, killed with SIGKILL while four clients post
 * commitments, then started again on the same data directory: every commitment it answered 201
 * is there, positions run without a gap, and the balances add up to the stored events.
 */
class KilledServiceHttpTest {

    private static final String FUNDER = "Stockholm";
    private static final String YEAR = "2025-26";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void keepsEveryAcknowledgedCommitmentWhenTheServiceIsKilledMidLoad() throws Exception {
        int port = freePort();
        Api api = new Api(port);
        Map<String, BigDecimal> acknowledged = new ConcurrentHashMap<>();
        Process service = start(port, "first");
        BigDecimal before;
        try {
            before = committed(api);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        int n = sent.incrementAndGet();
                        BigDecimal amount = new BigDecimal(n % 97 + 1).add(new BigDecimal("0.01"));
                        try {
                            Api.Response response = api.post(
                                    "/api/arrangements/ctpn/commitments",
                                    "{\"funder\":\"" + FUNDER + "\",\"fiscalYear\":\"" + YEAR + "\",\"amount\":\""
                                            + amount + "\",\"decisionRef\":\"K-" + n + "\"}");
                            if (response.status() == 201) {
                                acknowledged.put(response.json().get("entryId").asText(), amount);
                            }
                        } catch (UncheckedIOException | IllegalStateException e) {
                            return; // the service is gone
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> acknowledged.size() >= 300);
            service.destroyForcibly(); // SIGKILL, in the middle of the load
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            service.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);

        Process again = start(port, "second");
        try {
            Map<String, BigDecimal> stored = new HashMap<>();
            List<Long> positions = new ArrayList<>();
            long from = 0;
            while (true) {
                JsonNode page = api.get("/api/arrangements/ctpn/events?limit=500&fromPosition=" + from)
                        .json();
                for (JsonNode event : page.get("events")) {
                    positions.add(event.get("position").asLong());
                    JsonNode payload = event.get("payload");
                    if (event.get("type").asText().equals("FundingCommitted")
                            && payload.get("fiscalYear").asText().equals(YEAR)) {
                        stored.put(
                                payload.get("entryId").asText(),
                                new BigDecimal(
                                        payload.get("amount").get("amount").asText()));
                    }
                }
                if (!page.hasNonNull("nextFromPosition")) {
                    break;
                }
                from = page.get("nextFromPosition").asLong();
            }
            assertThat(stored)
                    .as("every acknowledged commitment, with its amount")
                    .containsAllEntriesOf(acknowledged);
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).as("gap-free").isEqualTo(i + 1L);
            }
            BigDecimal storedTotal = stored.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            // the projection is not in the write-ahead log: after the restart it catches up from its
            // token, and readiness says when (within one batch of the head)
            long head = positions.get(positions.size() - 1);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/actuator/health/readiness").status() == 200
                            && api.get("/api/arrangements/ctpn/balances")
                                            .json()
                                            .get("position")
                                            .asLong()
                                    >= head);
            JsonNode readiness = api.get("/actuator/health/readiness").json();
            assertThat(readiness.get("status").asText())
                    .as(readiness.toString())
                    .isEqualTo("UP");
            assertThat(readiness.has("components")).as(readiness.toString()).isTrue();
            assertThat(readiness
                            .get("components")
                            .get("balances")
                            .get("details")
                            .get("lag")
                            .asLong())
                    .isLessThanOrEqualTo(100);
            assertThat(committed(api)).isEqualByComparingTo(before.add(storedTotal));
            assertThat(api.post(
                                    "/api/arrangements/ctpn/commitments",
                                    "{\"funder\":\"" + FUNDER + "\",\"fiscalYear\":\"" + YEAR
                                            + "\",\"amount\":\"1.00\",\"decisionRef\":\"after\"}")
                            .status())
                    .isEqualTo(201);
            assertThat(committed(api))
                    .isEqualByComparingTo(before.add(storedTotal).add(BigDecimal.ONE));
            System.out.printf(
                    "killed mid-load: %d acknowledged, %d stored, 0 lost%n", acknowledged.size(), stored.size());
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static BigDecimal committed(Api api) {
        JsonNode balances = api.get("/api/arrangements/ctpn/balances?fiscalYear=" + YEAR + "&funder=" + FUNDER)
                .json();
        return new BigDecimal(Api.row(balances, FUNDER, YEAR).get("committed").asText());
    }

    private Process start(int port, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Daxoniq.update-checker.disabled=true",
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.publicfunds.ledger.LedgerApplication",
                        "--server.port=" + port,
                        "--ledger.data-dir=" + dataDir.resolve("data"),
                        "--ledger.reference-data=true",
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".log").toFile())
                .start();
        Api api = new Api(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive())
                    .as("the service started; see " + dataDir.resolve(name + ".log"))
                    .isTrue();
            try {
                // up, and the reference case loaded (on the first start it is posted once the service runs)
                if (api.get("/api/arrangements/ctpn").status() == 200) {
                    return process;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the service did not answer in 90 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
