package org.publicfunds.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.testing.Api;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Old histories keep working: the service starts on a store written by the release before the
 * decision register (a small fixture, see its README), answers the same balances for it, verifies
 * its chain and its signed checkpoint, and registers the reference decision it lacked.
 */
class OldStoreTest {

    private static final Path FIXTURE = Path.of("src", "test", "resources", "stores", "release-2026-11-29");

    @TempDir
    Path dataDir;

    @Test
    void theStoreOfThePreviousReleaseLoadsReplaysAndVerifies() throws IOException {
        try (InputStream zipped = new GZIPInputStream(Files.newInputStream(FIXTURE.resolve("ledger.mv.gz")))) {
            Files.copy(zipped, dataDir.resolve("ledger.mv"));
        }
        for (String file : new String[] {"audit-signing.key", "audit-signing.key.pub", "checkpoints.jsonl"}) {
            Files.copy(FIXTURE.resolve(file), dataDir.resolve(file));
        }
        // git keeps no modes: the key is a secret, owner-only, as the release left it
        Files.setPosixFilePermissions(
                dataDir.resolve("audit-signing.key"), PosixFilePermissions.fromString("rw-------"));
        JsonNode then =
                new ObjectMapper().readTree(FIXTURE.resolve("balances.json").toFile());

        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--ledger.data-dir=" + dataDir,
                        "--ledger.reference-data=true",
                        "--ledger.embedded.fsync=true")) {
            Api api = Api.of(service);

            // the figures at the release's last position are the ones it answered, field for field
            JsonNode now =
                    api.get("/api/arrangements/ctpn/balances?atPosition=11").json();
            assertThat(now.get("rows")).hasSameSizeAs(then.get("rows"));
            for (int i = 0; i < then.get("rows").size(); i++) {
                ObjectNode row = now.get("rows").get(i).deepCopy();
                // fields later releases added: pledges, then currencies, in kind and the true-up
                for (String added : new String[] {"pledged", "uncommitted", "currency", "inKind", "broughtForward"}) {
                    row.remove(added);
                }
                assertThat(row).as("row " + i).isEqualTo(then.get("rows").get(i));
            }
            for (int i = 0; i < then.get("years").size(); i++) {
                ObjectNode year = now.get("years").get(i).deepCopy();
                year.remove("inKind");
                assertThat(year).as("year " + i).isEqualTo(then.get("years").get(i));
            }
            // its close of 2023-24 (revision 1) carried nothing: the true-up did not exist then
            assertThat(Api.row(now, "London", "2024-25").get("broughtForward").asText())
                    .isEqualTo("0.00");

            // the chain of old events verifies, against the checkpoint the release signed too
            JsonNode verified = api.get("/api/audit/verify").json();
            assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("ok");
            assertThat(verified.get("checkpointsChecked").asInt()).isGreaterThanOrEqualTo(1);

            // the reference decision was registered on this start, after the commitments citing it
            JsonNode add2634 =
                    api.get("/api/arrangements/ctpn/decisions/ADD2634").json();
            assertThat(add2634.get("registered").asBoolean()).isTrue();
            assertThat(add2634.get("authorisations").findValuesAsText("headroom"))
                    .containsExactly("0.00", "0.00");
            assertThat(verified.get("headPosition").asLong()).isEqualTo(12);

            // and the history takes new entries: a pledge on an old arrangement
            Api.Response pledged = api.post("/api/arrangements/ctpn/pledges", """
                    {"funder": "Washington DC", "fiscalYear": "2025-26", "amount": "40000"}""");
            assertThat(pledged.status()).isEqualTo(201);
            assertThat(Api.row(api.get("/api/arrangements/ctpn/balances").json(), "Washington DC", "2025-26")
                            .get("pledged")
                            .asText())
                    .isEqualTo("40000.00");
        }
    }
}
