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
                          @Schema(example = "25") String sharePercent,
                          @Schema(example = "37875.00", description = "absent when the year has no budget") String budgetShare,
                          @Schema(example = "37875.00") String committed,
                          @Schema(example = "18938.00") String received,
                          @Schema(example = "18937.00", description = "committed - received") String outstanding,
                          @Schema(example = "0.00") String costShare,
                          @Schema(example = "18938.00", description = "received - cost share; positive is in credit") String position) {
}
