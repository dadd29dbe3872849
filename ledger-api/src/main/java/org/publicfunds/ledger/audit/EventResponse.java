package org.publicfunds.ledger.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

record EventResponse(
        long position,
        long sequence,
        String type,
        String payloadType,
        String payloadRevision,
        Instant recordedAt,
        Instant createdAt,

        @Schema(
                type = "object",
                description = "the event's fields as stored",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
        Map<String, Object> payload,

        @Schema(
                type = "object",
                description = "who (principal), which request (correlationId, commandId, keys) and under "
                        + "which decision (decisionRef)",
                additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
        Map<String, Object> metadata,

        String hash,
        String previousHash) {}
