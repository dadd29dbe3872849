package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.publicfunds.ledger.balances.BalancesResponse;

/** A review's dry run: the balances as they would be just after it, and what it would change. Nothing is stored. */
record ReviewPreviewResponse(BalancesResponse balances, List<Change> changes) {

    record Change(
            @Schema(example = "London") String funder,

            @Schema(nullable = true, description = "set for a contributor's row")
            String contributor,

            @Schema(example = "2024-25") String fiscalYear,
            @Schema(example = "budgetShare") String field,

            @Schema(nullable = true, description = "absent where the row did not exist")
            String before,

            @Schema(nullable = true, description = "absent where the row would no longer exist")
            String after) {}
}
