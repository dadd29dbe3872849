package org.publicfunds.ledger.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.LedgerProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The audit anchor: the signing key and the checkpoint file, both outside the database, by
 * default beside the embedded store's files (for a store kept in memory, in a temporary directory
 * that goes with it).
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** Where the key and the checkpoints go unless configured. */
    record AuditDirectory(Path path) {}

    @Bean
    AuditDirectory auditDirectory(LedgerProperties properties) {
        return new AuditDirectory(
                directory(properties.dataDir(), properties.embedded().inMemory()));
    }

    @Bean
    AuditKey auditKey(LedgerProperties properties, AuditDirectory directory) {
        String configured = properties.audit().signingKey();
        return AuditKey.loadOrCreate(
                StringUtils.hasText(configured)
                        ? Path.of(configured)
                        : directory.path().resolve("audit-signing.key"));
    }

    @Bean
    CheckpointLog checkpointLog(LedgerProperties properties, AuditDirectory directory) {
        String configured = properties.audit().checkpointFile();
        return new CheckpointLog(
                StringUtils.hasText(configured)
                        ? Path.of(configured)
                        : directory.path().resolve("checkpoints.jsonl"));
    }

    @Bean
    Checkpoints checkpoints(AuditKey key, CheckpointLog log, EventLog events, LedgerProperties properties) {
        List<String> trusted = properties.audit().trustedKeys().stream()
                .filter(StringUtils::hasText)
                .map(String::trim)
                .toList();
        return new Checkpoints(key, log, events, trusted, properties.audit().checkpointEvery(), Clock.systemUTC());
    }

    /**
     * {@code auditCheckpoints} in {@code /actuator/health}: DOWN while checkpoints are refused
     * (the chain since the last one does not verify), with the reason; the latest signed position.
     */
    @Bean
    HealthIndicator auditCheckpoints(Checkpoints checkpoints) {
        return () -> {
            String problem = checkpoints.problem();
            Health.Builder health =
                    problem == null ? Health.up() : Health.down().withDetail("problem", problem);
            Checkpoint latest = checkpoints.latest();
            if (latest != null) {
                health.withDetail("latestPosition", latest.position()).withDetail("latestSignedAt", latest.signedAt());
            }
            return health.build();
        };
    }

    private static Path directory(String dataDir, boolean inMemory) {
        if (!inMemory) {
            return Path.of(dataDir);
        }
        try {
            Path temporary = Files.createTempDirectory("ledger-audit");
            temporary.toFile().deleteOnExit();
            return temporary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
