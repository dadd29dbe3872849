package org.publicfunds.ledger.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code ledger.*} setting with its default, in one place (the users are
 * {@code ledger.security}, beside it). A value out of range stops the start with a message that
 * names the setting. Each is also an environment variable: {@code LEDGER_STREAMS_PER_USER}.
 */
@ConfigurationProperties("ledger")
@Validated
public record LedgerProperties(
        /* where the embedded store, the generated credentials and the audit key live */
        @DefaultValue("./data") @NotBlank String dataDir,
        /* load the reference case (decision ADD2634) on start, if it is not stored yet */
        @DefaultValue("true") boolean referenceData,
        @DefaultValue("ledger") @NotBlank String database,
        /* this instance's name among those sharing a store; host and port by default */
        @DefaultValue("") @NotNull String nodeId,
        /* arrangements kept in memory by the command side */
        @DefaultValue("1024") @Positive int aggregateCacheSize,
        /* how long a command waits for the balances to show it before it answers 202 instead of 201 */
        @DefaultValue("10s") @NotNull Duration readYourWritesTimeout,
        /* the longest one operation on the store may take (a socket read, a majority write's wait) unless the URI
        says otherwise; a command that cannot reach the store answers 503 within about three times this */
        @DefaultValue("5s") @NotNull Duration storeTimeout,
        @DefaultValue @Valid Embedded embedded,
        @DefaultValue @Valid Audit audit,
        @DefaultValue @Valid Idempotency idempotency,
        @DefaultValue @Valid Streams streams,
        @DefaultValue @Valid Metrics metrics,
        @DefaultValue @Valid Commands commands,
        @DefaultValue @Valid Reads reads) {

    /** The embedded server, used when no {@code spring.data.mongodb.uri} is set. */
    public record Embedded(
            /* its port on 127.0.0.1; 0 picks a free one at each start */
            @DefaultValue("0") int port,
            /* nothing on disk: for tests and try-outs */
            @DefaultValue("false") boolean inMemory,
            /* force the write-ahead log to the disk before answering: a 201 survives a power cut */
            @DefaultValue("true") boolean fsync) {}

    public record Audit(
            /* the Ed25519 signing key's file; by default audit-signing.key in the data directory */
            @DefaultValue("") @NotNull String signingKey,
            /* the signed checkpoints' file; by default checkpoints.jsonl in the data directory */
            @DefaultValue("") @NotNull String checkpointFile,
            /* earlier public keys whose checkpoints still count (after a rotation) */
            @DefaultValue List<String> trustedKeys,
            @DefaultValue("60s") @NotNull Duration checkpointEvery) {}

    public record Idempotency(
            /* how long a running request holds its key before another may take it over */
            @DefaultValue("30s") @NotNull Duration lease,
            /* how long an answer is kept for retries */
            @DefaultValue("24h") @NotNull Duration retention) {}

    public record Streams(
            @DefaultValue("1s") @NotNull Duration poll,
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("8") @Positive int perUser,
            @DefaultValue("500") @Positive int max) {}

    public record Metrics(
            @DefaultValue("10s") @NotNull Duration balanceRefresh,
            /* the arrangements with a balance gauge per funder, year and field; every other one is in the totals only */
            @DefaultValue("ctpn") @NotNull List<String> watched,
            /* how often the totals over every arrangement are read again from the store */
            @DefaultValue("60s") @NotNull Duration totalsRefresh) {}

    public record Reads(
            /* reads of one user run at once (streams and /api/me aside); more wait their turn */
            @DefaultValue("2") @Positive int perUser,
            /* how long a read waits for its turn before it is answered 429 too-many-reads */
            @DefaultValue("10s") @NotNull Duration maxWait) {}

    public record Commands(
            /* the pause before a command that met a concurrent change is sent again */
            @DefaultValue("100ms") @NotNull Duration retryPause) {}
}
