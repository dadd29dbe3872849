package org.publicfunds.ledger.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.balance.Balances;
import org.publicfunds.ledger.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

record EventResponse(long position, long sequence, String type, String payloadType, String payloadRevision,
                     Instant recordedAt, Instant createdAt, @Schema(type = "object", description = "the event's fields as stored",
                             additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> payload,
                     @Schema(type = "object", description = "who (principal), which request (correlationId, commandId, keys) and under "
                             + "which decision (decisionRef)",
                             additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> metadata,
                     String hash,
                     String previousHash) {
}
