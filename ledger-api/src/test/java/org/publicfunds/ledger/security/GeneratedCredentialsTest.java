package org.publicfunds.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.testing.Api;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** With no users configured, the service makes one per role, writes them once (mode 600) and never logs a password. */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedCredentialsTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // only the service's own application.yml: not the test users of config/application.yml
        return new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--spring.config.location=classpath:/application.yml",
                        "--server.port=0",
                        "--ledger.data-dir=" + dataDir,
                        "--ledger.reference-data=true");
    }

    @Test
    void createsOneUserPerRoleOnceReadableByTheServiceOnlyAndNeverLogsAPassword(CapturedOutput output)
            throws Exception {
        Path file = dataDir.resolve("credentials.txt");
        List<String[]> users;
        String written;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            written = Files.readString(file);
            users = written.lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> line.split(" "))
                    .toList();
            assertThat(users)
                    .extracting(u -> u[0] + " " + u[2])
                    .containsExactly("finance FINANCE", "auditor AUDITOR", "viewer VIEWER");
            assertThat(users).allSatisfy(u -> assertThat(u[1]).hasSizeGreaterThanOrEqualTo(24));

            Api api = Api.of(first).as("viewer", users.get(2)[1]);
            assertThat(api.get("/api/arrangements/ctpn/balances").status()).isEqualTo(200);
            assertThat(api.get("/api/arrangements/ctpn/events").status()).isEqualTo(403);
            assertThat(Api.of(first)
                            .as("auditor", users.get(1)[1])
                            .get("/api/audit/verify")
                            .status())
                    .isEqualTo(200);
            assertThat(Api.of(first)
                            .as("viewer", users.get(1)[1])
                            .get("/api/arrangements")
                            .status())
                    .isEqualTo(401);
            assertThat(output.getAll()).contains(file.toAbsolutePath().toString());
        }
        try (ConfigurableApplicationContext second = start()) {
            assertThat(Files.readString(file))
                    .as("written once, kept across restarts")
                    .isEqualTo(written);
            Api finance = Api.of(second).as("finance", users.get(0)[1]);
            assertThat(finance.post(
                                    "/api/arrangements/ctpn/commitments",
                                    "{\"funder\":\"London\",\"contributor\":\"GLA\",\"fiscalYear\":\"2024-25\",\"amount\":\"1\",\"decisionRef\":\"D\"}")
                            .status())
                    .isEqualTo(201);
        }
        for (String[] user : users) {
            assertThat(output.getAll()).doesNotContain(user[1]);
        }
    }
}
