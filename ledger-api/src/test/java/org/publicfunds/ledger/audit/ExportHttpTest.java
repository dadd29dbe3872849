package org.publicfunds.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.testing.Api;
import org.publicfunds.ledger.testing.HttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** Exports: JSON lines an auditor can verify offline, and CSV an accountant can read. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.embedded.in-memory=true", "ledger.reference-data=true"})
@DirtiesContext
class ExportHttpTest extends HttpTest {

    @TempDir
    Path dir;

    @Autowired
    WebMvcProperties mvc;

    /** R1: streamed answers are not cut at Tomcat's 30 s: a million-event export takes minutes. */
    @Test
    void streamedAnswersMayRunForHours() {
        assertThat(mvc.getAsync().getRequestTimeout()).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void exportsTheWholeStoreSoThatItsChainCanBeVerifiedOfflineAndATamperedCopyFails() throws Exception {
        String entryId = api.post(
                        "/api/arrangements/ctpn/receipts",
                        "{\"funder\":\"London\",\"contributor\":\"GLA\","
                                + "\"fiscalYear\":\"2023-24\",\"amount\":\"18938\",\"receivedOn\":\"2023-05-02\"}")
                .json()
                .get("entryId")
                .asText();
        assertThat(api.post(
                                "/api/arrangements/ctpn/reversals",
                                "{\"entryId\":\"" + entryId + "\",\"reason\":\"Wrong body\"}")
                        .status())
                .isEqualTo(201);

        Api.Response export = api.get("/api/events?format=jsonl");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        Path file = dir.resolve("export.jsonl");
        Files.writeString(file, export.body());
        JsonNode online = api.get("/api/audit/verify").json();
        long head = online.get("headPosition").asLong();
        String publicKey = online.get("publicKey").asText();
        List<String> exported = Files.readAllLines(file);
        assertThat(exported).hasSize((int) head + 1);
        assertThat(exported.get((int) head)).startsWith("{\"trailer\": ");
        assertThat(verify(file, publicKey))
                .startsWith("ok: " + head + " events, head position " + head + ", head hash "
                        + online.get("headHash").asText());
        assertThat(verify(file, null)).contains("self-asserted");

        List<String> lines = Files.readAllLines(file);
        // the GLA's commitment, the fifth event of the reference case
        assertThat(lines.get(4)).contains("ctpn-2023-24-london-gla");
        lines.set(4, lines.get(4).replace("\"18938.00\"", "\"81938.00\""));
        assertThat(verify(write("tampered.jsonl", lines), publicKey)).startsWith("broken at position 5: content");

        assertThat(verify(write("missing.jsonl", List.of(exported.get(0), exported.get(2))), publicKey))
                .startsWith("broken at position 2: missing");
        // cut short: every line it has is right, but the trailer that vouches for the whole is gone
        assertThat(verify(write("truncated.jsonl", exported.subList(0, (int) head - 1)), publicKey))
                .startsWith("broken at position " + head + ": incomplete");
        // lines added after the trailer
        List<String> extended = new ArrayList<>(exported);
        extended.add(exported.get((int) head - 1).replace("\"position\": " + head, "\"position\": " + (head + 1)));
        assertThat(verify(write("extended.jsonl", extended), publicKey))
                .startsWith("broken at position " + (head + 1) + ": extended");
        // the last event dropped and the trailer signed again, with a key that is not the ledger's
        List<String> resigned = new ArrayList<>(exported.subList(0, (int) head - 1));
        JsonNode previous =
                new ObjectMapper().readTree(exported.get((int) head - 2)).get("event");
        resigned.add(ExportVerifier.trailer(
                AuditKey.loadOrCreate(dir.resolve("intruder.key")),
                head - 1,
                previous.get("hash").asText(),
                head - 1,
                Instant.now()));
        Path forged = write("resigned.jsonl", resigned);
        assertThat(verify(forged, null)).startsWith("ok").contains("self-asserted");
        assertThat(verify(forged, publicKey))
                .startsWith("broken at position " + (head - 1) + ":")
                .contains("re-signed");
    }

    /** The export agrees with the signed checkpoints an auditor kept, and one that ends before the last is refused. */
    @Test
    void anExportIsCheckedAgainstTheCheckpointsAnAuditorKept() throws Exception {
        assertThat(api.as("auditor").post("/api/audit/checkpoints", "").status())
                .isEqualTo(200);
        Path checkpoints = write("checkpoints.jsonl", checkpointLines(api));
        String publicKey = api.get("/api/audit/verify").json().get("publicKey").asText();
        List<String> exported =
                api.get("/api/events?format=jsonl").body().lines().toList();
        Path file = write("export.jsonl", exported);
        assertThat(verify(file, publicKey, checkpoints)).startsWith("ok").contains("agrees with");

        // an export of a history cut back before the checkpoint, re-signed: the checkpoint still speaks
        int head = exported.size() - 1;
        List<String> older = new ArrayList<>(exported.subList(0, head - 1));
        JsonNode previous = new ObjectMapper().readTree(exported.get(head - 2)).get("event");
        older.add(ExportVerifier.trailer(
                AuditKey.loadOrCreate(dir.resolve("intruder.key")),
                head - 1,
                previous.get("hash").asText(),
                head - 1,
                Instant.now()));
        assertThat(verify(write("older.jsonl", older), null, checkpoints))
                .startsWith("broken at position " + head + ": missing");
    }

    private List<String> checkpointLines(Api api) {
        List<String> lines = new ArrayList<>();
        api.as("auditor").get("/api/audit/checkpoints").json().forEach(node -> lines.add(node.toString()));
        return lines;
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, lines);
        return path;
    }

    @Test
    void exportsEntriesAsCsvWithExactAmountsAndBothSidesOfAReversal() {
        Api.Response csv = api.get("/api/arrangements/ctpn/events?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\n");
        assertThat(lines[0]).startsWith("position,recordedAt,arrangementId,type,entryId");
        assertThat(lines)
                .anyMatch(l -> l.contains(
                        ",FundingCommitted,ctpn-2023-24-london-gla,,London,GLA,2023-24,18938.00,GBP,ADD2634,"));

        // S6: text a spreadsheet would run as a formula is neutralised; amounts stay numbers
        String entryId = api.post(
                        "/api/arrangements/ctpn/receipts",
                        "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2023-24\","
                                + "\"amount\":\"5\",\"receivedOn\":\"2023-05-02\"}")
                .json()
                .get("entryId")
                .asText();
        assertThat(api.post("/api/arrangements/ctpn/reversals", "{\"entryId\":\"" + entryId + "\",\"reason\":\"=1+1\"}")
                        .status())
                .isEqualTo(201);
        String withFormula = api.get("/api/arrangements/ctpn/events?format=csv").body();
        assertThat(withFormula).contains(",'=1+1,").doesNotContain(",=1+1,");
        assertThat(HistoryController.csv("-12.50")).isEqualTo("-12.50");
        assertThat(HistoryController.csv("+SUM(A1)")).isEqualTo("'+SUM(A1)");
        assertThat(HistoryController.csv("@cmd")).isEqualTo("'@cmd");
        assertThat(api.get("/api/events").contentType()).startsWith("application/x-ndjson");
        assertThat(api.get("/api/events?format=xml").status()).isEqualTo(400);
    }

    private static String verify(Path file, String publicKey) {
        return verify(file, publicKey, null);
    }

    private static String verify(Path file, String publicKey, Path checkpoints) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(file.toString()));
        if (publicKey != null) {
            args.addAll(List.of("--public-key", publicKey));
        }
        if (checkpoints != null) {
            args.addAll(List.of("--checkpoints", checkpoints.toString()));
        }
        int code = ExportVerifier.main(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(said).isEqualTo(said.startsWith("ok") ? 0 : 1);
        return said;
    }
}
