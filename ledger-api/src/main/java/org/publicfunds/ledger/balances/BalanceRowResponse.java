package org.publicfunds.ledger.balances;

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

record BalanceRowResponse(@Schema(example = "London") String funder,
                          @Schema(example = "2023-24") String fiscalYear,
                          @Schema(description = "an exact decimal string") String sharePercent,
                          @Schema(description = "absent when the year has no budget") String budgetShare,
                          @Schema(description = "an exact decimal string") String committed,
                          @Schema(description = "an exact decimal string") String received,
                          @Schema(description = "committed - received") String outstanding,
                          @Schema(description = "an exact decimal string") String costShare,
                          @Schema(description = "received - cost share; positive is in credit") String position) {
}
