package org.publicfunds.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.eventstore.ExportVerifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** Exports: JSON lines an auditor can verify offline, and CSV an accountant can read. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class ExportHttpTest {

    @LocalServerPort
    int port;
    @TempDir
    Path dir;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties mvc;

    /** R1: streamed answers are not cut at Tomcat's 30 s: a million-event export takes minutes. */
    @Test
    void streamedAnswersMayRunForHours() {
        assertThat(mvc.getAsync().getRequestTimeout()).isGreaterThanOrEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void exportsTheWholeStoreSoThatItsChainCanBeVerifiedOfflineAndATamperedCopyFails() throws Exception {
        Api api = new Api(port);
        String entryId = api.post("/api/arrangements/ctpn/receipts", "{\"funder\":\"London\",\"contributor\":\"GLA\","
                + "\"fiscalYear\":\"2023-24\",\"amount\":\"18938\",\"receivedOn\":\"2023-05-02\"}").json().get("entryId").asText();
        assertThat(api.post("/api/arrangements/ctpn/reversals", "{\"entryId\":\"" + entryId + "\",\"reason\":\"Wrong body\"}")
                .status()).isEqualTo(201);

        Api.Response export = api.get("/api/events?format=jsonl");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        Path file = dir.resolve("export.jsonl");
        Files.writeString(file, export.body());
        com.fasterxml.jackson.databind.JsonNode online = api.get("/api/audit/verify").json();
        long head = online.get("headPosition").asLong();
        assertThat(Files.readAllLines(file)).hasSize((int) head);
        assertThat(verify(file)).startsWith("ok: " + head + " events, head hash " + online.get("headHash").asText());

        List<String> lines = Files.readAllLines(file);
        lines.set(1, lines.get(1).replace("\"18938.00\"", "\"81938.00\""));
        Path tampered = dir.resolve("tampered.jsonl");
        Files.write(tampered, lines);
        assertThat(verify(tampered)).startsWith("broken at position 2: content");

        Path shortened = dir.resolve("missing.jsonl");
        Files.write(shortened, List.of(lines.get(0), Files.readAllLines(file).get(2)));
        assertThat(verify(shortened)).startsWith("broken at position 2: missing");
    }

    @Test
    void exportsEntriesAsCsvWithExactAmountsAndBothSidesOfAReversal() {
        Api api = new Api(port);
        Api.Response csv = api.get("/api/arrangements/ctpn/events?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).startsWith("position,recordedAt,arrangementId,type,entryId");
        assertThat(lines).anyMatch(l -> l.contains(",FundingCommitted,ctpn-2023-24-london-gla,,London,GLA,2023-24,18938.00,GBP,ADD2634,"));
        assertThat(api.get("/api/events").contentType()).startsWith("application/x-ndjson");
        assertThat(api.get("/api/events?format=xml").status()).isEqualTo(400);
    }

    private static String verify(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ExportVerifier.verify(file, new PrintStream(out, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(said).isEqualTo(said.startsWith("ok") ? 0 : 1);
        return said;
    }
}
