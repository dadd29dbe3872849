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
 * its chain and its signed checkpoint, and registers the reference decision it lacked; and on one
 * written by the release of settlement currencies, in-kind contributions and the true-up, whose
 * balances and a statement it answers the same, byte for byte.
 */
class OldStoreTest {

    private static final Path STORES = Path.of("src", "test", "resources", "stores");
    private static final Path FIXTURE = STORES.resolve("release-2026-11-29");
    /** Written by the release of settlement currencies, in-kind contributions and the true-up. */
    private static final Path CURRENCIES = STORES.resolve("release-2026-11-29-currencies");

    @TempDir
    Path dataDir;

    /** A copy of a fixture's store, its audit key and checkpoints in the data directory. */
    private void copy(Path fixture) throws IOException {
        try (InputStream zipped = new GZIPInputStream(Files.newInputStream(fixture.resolve("ledger.mv.gz")))) {
            Files.copy(zipped, dataDir.resolve("ledger.mv"));
        }
        for (String file : new String[] {"audit-signing.key", "audit-signing.key.pub", "checkpoints.jsonl"}) {
            Files.copy(fixture.resolve(file), dataDir.resolve(file));
        }
        // git keeps no modes: the key is a secret, owner-only, as the release left it
        Files.setPosixFilePermissions(
                dataDir.resolve("audit-signing.key"), PosixFilePermissions.fromString("rw-------"));
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--ledger.data-dir=" + dataDir,
                        "--ledger.reference-data=true",
                        "--ledger.embedded.fsync=true");
    }

    @Test
    void theStoreOfTheReleaseOfCurrenciesLoadsWithTheSameBalancesAndStatement() throws IOException {
        copy(CURRENCIES);
        JsonNode then =
                new ObjectMapper().readTree(CURRENCIES.resolve("balances.json").toFile());
        String statement = Files.readString(CURRENCIES.resolve("statement-stockholm-2023-24.csv"));
        try (ConfigurableApplicationContext service = start()) {
            Api api = Api.of(service);
            long at = then.get("position").asLong();
            JsonNode now = api.get("/api/arrangements/ctpn-fx/balances?atPosition=" + at)
                    .json();
            for (String part : new String[] {"rows", "contributors", "years"}) {
                assertThat(now.get(part)).as(part).isEqualTo(then.get(part));
            }
            JsonNode verified = api.get("/api/audit/verify").json();
            assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("ok");
            assertThat(verified.get("checkpointsChecked").asInt()).isGreaterThanOrEqualTo(1);
            // the statement of the same point, byte for byte
            assertThat(api.as("auditor")
                            .get("/api/arrangements/ctpn-fx/statements/Stockholm?fiscalYear=2023-24&format=csv"
                                    + "&atPosition="
                                    + statement
                                            .lines()
                                            .filter(line -> line.startsWith("headPosition,"))
                                            .findFirst()
                                            .orElseThrow()
                                            .substring("headPosition,".length()))
                            .body())
                    .isEqualTo(statement);
            // and the history goes on: 2024-25 closes, carrying on what 2023-24 carried in
            assertThat(api.post("/api/arrangements/ctpn-fx/fiscal-years/2024-25/close", "")
                            .status())
                    .isEqualTo(201);
            JsonNode stockholm = Api.row(
                    api.get("/api/arrangements/ctpn-fx/balances?fiscalYear=2025-26")
                            .json(),
                    "Stockholm",
                    "2025-26");
            assertThat(stockholm.get("broughtForward").asText())
                    .isEqualTo(Api.row(then, "Stockholm", "2024-25")
                            .get("position")
                            .asText());
        }
    }

    @Test
    void theStoreOfThePreviousReleaseLoadsReplaysAndVerifies() throws IOException {
        copy(FIXTURE);
        JsonNode then =
                new ObjectMapper().readTree(FIXTURE.resolve("balances.json").toFile());

        try (ConfigurableApplicationContext service = start()) {
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
