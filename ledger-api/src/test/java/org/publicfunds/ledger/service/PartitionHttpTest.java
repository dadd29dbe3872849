package org.publicfunds.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.TcpProxy;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Partitions with real processes (trust review 2, item 8; the partition experiment made
 * repeatable): instance A in this JVM with the embedded store, instance B a child JVM reaching
 * that store through a TCP proxy that holds, delays and cuts its connections, B stopped with
 * SIGSTOP, killed with SIGKILL and started again, and stopped gracefully while its store is gone;
 * four clients post commitments to both with keys and entry ids and retry what they could not be
 * sure of. Then: every acknowledged entry is stored exactly once, every key got one answer,
 * balances on both instances equal the fold of the export, verify is ok, every request ended
 * with a definite answer within a bound, a store that cannot be reached is a 503 (never a hang),
 * and an instance takes over the segment of one that stopped.
 */
class PartitionHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** No request may take longer: a store that cannot be reached is a 503 well before. */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(25);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** One request as sent, with every attempt's answer. */
    private record Attempt(
            String instance,
            int status,
            String entryId,
            long position,
            long startedNanos,
            long millis,
            boolean replay) {}

    /** When B was stopped (SIGSTOP): a process that does not run cannot answer, and its clients time out. */
    private volatile long frozenFrom = Long.MAX_VALUE;

    private volatile long frozenTo = Long.MAX_VALUE;

    private static final class Op {
        final String key;
        final String entryId;
        final String arrangement;
        final BigDecimal amount;
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();

        Op(String key, String entryId, String arrangement, BigDecimal amount) {
            this.key = key;
            this.entryId = entryId;
            this.arrangement = arrangement;
            this.amount = amount;
        }

        Attempt acknowledged() {
            return attempts.stream()
                    .filter(a -> a.status() == 201 || a.status() == 202)
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyAcknowledgedEntryOnceAndEveryRequestDefiniteThroughPartitionsStopsAndKills() throws Exception {
        try (ConfigurableApplicationContext a = new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--ledger.embedded.in-memory=true",
                        "--ledger.reference-data=true",
                        "--ledger.node-id=A",
                        "--spring.main.banner-mode=off")) {
            int storePort = Integer.parseInt(a.getEnvironment().getProperty("local.mongo.port"));
            Api apiA = Api.of(a);
            List<String> arrangements = arrangementsOnBothSegments();
            for (String id : arrangements) {
                assertThat(apiA.post("/api/arrangements", """
                        {"arrangementId": "%s", "name": "Partitioned", "host": "Host", "basis": "COST_RECOVERY",
                         "currency": "GBP", "firstFiscalYear": "2024-25", "lastFiscalYear": "2024-25",
                         "shares": [{"funder": "A", "percent": "100"}], "decisionRef": "D"}""".formatted(id)).status())
                        .isEqualTo(201);
            }
            try (TcpProxy proxy = new TcpProxy(storePort)) {
                int portB = freePort();
                Process b = startB(proxy.port(), portB, "b1");
                Api apiB = new Api(portB);
                // A holds both segments (a thread for each); it hands segment 1 over, and B's idle thread takes it
                a.getBean(EventProcessingConfiguration.class)
                        .eventProcessor("balances", StreamingEventProcessor.class)
                        .orElseThrow()
                        .releaseSegment(1, 30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> apiB.get("/api/admin/projections")
                                        .json()
                                        .get(0)
                                        .get("segments")
                                        .size()
                                == 1);

                List<Op> ops = new CopyOnWriteArrayList<>();
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger numbers = new AtomicInteger();
                int aPort = Integer.parseInt(a.getEnvironment().getProperty("local.server.port"));
                ExecutorService clients = Executors.newFixedThreadPool(4);
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    clients.submit(() -> {
                        while (running.get()) {
                            int n = numbers.incrementAndGet();
                            Op op = new Op(
                                    "k-" + n,
                                    "px-" + n,
                                    arrangements.get(n % arrangements.size()),
                                    new BigDecimal(n % 89 + 1).add(new BigDecimal("0.25")));
                            ops.add(op);
                            send(op, client, aPort, portB);
                        }
                        return null;
                    });
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(ops) >= 40);
                // a partition: every byte between B and the store held, connections open
                proxy.hold();
                Thread.sleep(8_000);
                proxy.pass();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(ops) >= 80);
                // a slow link
                proxy.delay(200);
                Thread.sleep(5_000);
                proxy.pass();
                // B stopped past the claim timeout: A takes over its segment and answers 201 on its arrangements
                long stopped = System.nanoTime();
                frozenFrom = stopped;
                signal(b, "STOP");
                String onBsSegment = arrangements.get(1);
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> apiA.post(
                                                "/api/arrangements/" + onBsSegment + "/commitments",
                                                "{\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\"0.01\",\"decisionRef\":\"T\"}")
                                        .status()
                                == 201);
                System.out.printf(
                        "partition test: A answered 201 on B's segment %d ms after B stopped%n",
                        (System.nanoTime() - stopped) / 1_000_000);
                signal(b, "CONT");
                frozenTo = System.nanoTime();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(ops) >= 140);
                // B killed, and started again with the same node id
                b.destroyForcibly();
                assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(2_000);
                b = startB(proxy.port(), portB, "b2");
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(ops) >= 200);
                proxy.cut();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(ops) >= 240);
                running.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).isTrue();

                // a graceful stop of B with its store gone ends within its timeout
                proxy.hold();
                long stopping = System.nanoTime();
                b.destroy();
                assertThat(b.waitFor(40, TimeUnit.SECONDS))
                        .as("B stopped gracefully while its store could not be reached")
                        .isTrue();
                System.out.printf(
                        "partition test: B's graceful stop with its store gone took %d ms%n",
                        (System.nanoTime() - stopping) / 1_000_000);
                proxy.pass();
                Process checker = startB(proxy.port(), portB, "b3");
                try {
                    check(ops, apiA, new Api(portB), arrangements);
                } finally {
                    checker.destroy();
                    checker.waitFor(40, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Two arrangement ids, the first on the balance processor's segment 0 of 2, the second on segment 1. */
    private static List<String> arrangementsOnBothSegments() {
        Segment[] halves = Segment.ROOT_SEGMENT.split();
        String first = null;
        String second = null;
        for (int i = 0; first == null || second == null; i++) {
            String id = "part-" + i;
            if (first == null && halves[0].matches(id)) {
                first = id;
            } else if (second == null && halves[1].matches(id)) {
                second = id;
            }
        }
        return List.of(first, second);
    }

    /**
     * Sends one commitment until it has a definite answer: a retry after a timeout, a lost
     * connection, a 5xx, a 409 or a 429, with the same key and body, honouring Retry-After;
     * clients 2 and 3 alternate between the instances.
     */
    private void send(Op op, int client, int portA, int portB) throws InterruptedException {
        String body = "{\"entryId\":\"" + op.entryId + "\",\"funder\":\"A\",\"fiscalYear\":\"2024-25\",\"amount\":\""
                + op.amount + "\",\"decisionRef\":\"PX\"}";
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String instance = switch (client) {
                case 0 -> "A";
                case 1 -> "B";
                default -> attempt % 2 == 0 ? "B" : "A";
            };
            int port = instance.equals("A") ? portA : portB;
            long started = System.nanoTime();
            int status;
            String entryId = null;
            long position = -1;
            boolean replay = false;
            long retryAfter = 0;
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/arrangements/"
                                        + op.arrangement + "/commitments"))
                                .timeout(REQUEST_BOUND.plusSeconds(5))
                                .header("Authorization", Api.basic("finance"))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", op.key)
                                .header("X-Correlation-Id", op.key + "-a" + attempt)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                replay = response.headers().firstValue("Idempotent-Replay").isPresent();
                retryAfter = response.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElse(0L);
                if (status == 201 || status == 202) {
                    JsonNode json = JSON.readTree(response.body());
                    entryId = json.get("entryId").asText();
                    position = json.get("position").asLong();
                }
            } catch (IOException e) {
                // a lost connection, the instance down, or the client's own timeout: not a definite answer
                status = e instanceof java.net.http.HttpTimeoutException ? -2 : -1;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            op.attempts.add(new Attempt(instance, status, entryId, position, started, millis, replay));
            boolean definite =
                    status == 201 || status == 202 || status >= 400 && status < 500 && status != 409 && status != 429;
            if (definite) {
                return;
            }
            Thread.sleep(Math.max(retryAfter * 1000, Math.min(2_000, 100L << Math.min(attempt, 5))));
        }
    }

    private static long acknowledged(List<Op> ops) {
        return ops.stream().filter(op -> op.acknowledged() != null).count();
    }

    private void check(List<Op> ops, Api apiA, Api apiB, List<String> arrangements) throws Exception {
        // every request came to an end: an acknowledgement or a definite refusal, and never waited past the bound
        for (Op op : ops) {
            Attempt last = op.attempts.get(op.attempts.size() - 1);
            assertThat(last.status()).as(op.key + " " + op.attempts).isIn(201, 202);
            for (Attempt attempt : op.attempts) {
                boolean frozen = attempt.instance().equals("B")
                        && attempt.startedNanos() + attempt.millis() * 1_000_000 >= frozenFrom
                        && attempt.startedNanos() <= frozenTo;
                if (frozen) {
                    continue; // sent to a process that did not run: nothing in it could answer
                }
                assertThat(attempt.status())
                        .as(op.key + ": a request timed out on the client " + op.attempts)
                        .isNotEqualTo(-2);
                assertThat(attempt.millis()).as(op.key + " " + op.attempts).isLessThan(REQUEST_BOUND.toMillis());
            }
            // one answer per key: every acknowledgement names the same entry and position
            for (Attempt attempt : op.attempts) {
                if (attempt.status() == 201 || attempt.status() == 202) {
                    assertThat(attempt.entryId()).isEqualTo(op.entryId);
                    assertThat(attempt.position()).isEqualTo(op.acknowledged().position());
                }
            }
        }
        // the export: every acknowledged entry exactly once, where its answer said
        HttpResponse<String> export = http.send(
                HttpRequest.newBuilder(URI.create(apiA.base() + "/api/events?format=jsonl"))
                        .header("Authorization", Api.basic("auditor"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        Map<String, List<Long>> stored = new HashMap<>();
        Map<String, BigDecimal> committed = new HashMap<>();
        long last = 0;
        for (String line : export.body().split("\n")) {
            JsonNode node = JSON.readTree(line);
            if (!node.has("event")) {
                continue;
            }
            long position = node.get("position").asLong();
            assertThat(position).as("gap-free").isEqualTo(last + 1);
            last = position;
            JsonNode event = node.get("event");
            if (event.get("payloadType").asText().endsWith(".FundingCommitted")) {
                JsonNode payload = event.get("payload");
                String id = node.get("aggregateId").asText();
                stored.computeIfAbsent(id + ":" + payload.get("entryId").asText(), k -> new ArrayList<>())
                        .add(position);
                committed.merge(
                        id, new BigDecimal(payload.get("amount").get("amount").asText()), BigDecimal::add);
            }
        }
        for (Op op : ops) {
            List<Long> at = stored.get(op.arrangement + ":" + op.entryId);
            assertThat(at)
                    .as(op.key + " " + op.attempts)
                    .containsExactly(op.acknowledged().position());
        }
        stored.forEach((entry, positions) -> assertThat(positions).as(entry).hasSize(1));
        // the balances on both instances are the fold of the export
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : arrangements) {
                for (Api api : List.of(apiA, apiB)) {
                    assertThat(new BigDecimal(Api.row(
                                            api.get("/api/arrangements/" + id + "/balances")
                                                    .json(),
                                            "A",
                                            "2024-25")
                                    .get("committed")
                                    .asText()))
                            .as(id)
                            .isEqualByComparingTo(committed.get(id));
                }
            }
        });
        for (Api api : List.of(apiA, apiB)) {
            JsonNode verified = api.as("auditor").get("/api/audit/verify").json();
            assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("ok");
        }
        long replays = ops.stream()
                .flatMap(op -> op.attempts.stream())
                .filter(Attempt::replay)
                .count();
        long unavailable = ops.stream()
                .flatMap(op -> op.attempts.stream())
                .filter(attempt -> attempt.status() == 503)
                .count();
        assertThat(unavailable).as("503s while B's store could not be reached").isPositive();
        System.out.printf(
                "partition test: %d requests, %d acknowledged, %d attempts, %d answered 503, %d replays, longest %d ms%n",
                ops.size(),
                acknowledged(ops),
                ops.stream().mapToInt(op -> op.attempts.size()).sum(),
                unavailable,
                replays,
                ops.stream()
                        .flatMap(op -> op.attempts.stream())
                        .mapToLong(Attempt::millis)
                        .max()
                        .orElse(0));
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private Process startB(int storePort, int port, String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Daxoniq.update-checker.disabled=true",
                        "-Xmx384m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.publicfunds.ledger.LedgerApplication",
                        "--server.port=" + port,
                        "--spring.data.mongodb.uri=mongodb://127.0.0.1:" + storePort + "/ledger",
                        "--ledger.data-dir=" + dir.resolve("b"),
                        "--ledger.node-id=B",
                        "--ledger.reference-data=false",
                        "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        Api api = new Api(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive())
                    .as("B started; see " + dir.resolve(name + ".log"))
                    .isTrue();
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return process;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("B did not become ready in 90 s; see " + dir.resolve(name + ".log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
