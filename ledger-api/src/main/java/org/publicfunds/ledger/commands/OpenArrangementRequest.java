package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

// Request bodies of the HTTP contract (LEDGER.md section 6): every value a string, parsed at the edge.
// The examples are the reference case (decision ADD2634), as the API description shows them.
record OpenArrangementRequest(
        @Schema(example = "ctpn", pattern = "[a-z0-9-]{1,64}", requiredMode = Schema.RequiredMode.REQUIRED)
        String arrangementId,

        @Schema(
                example = "Counter-Terrorism Preparedness Network",
                maxLength = 200,
                requiredMode = Schema.RequiredMode.REQUIRED)
        String name,

        @Schema(example = "London Fire Commissioner", maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED)
        String host,

        @Schema(example = "COST_RECOVERY", requiredMode = Schema.RequiredMode.REQUIRED)
        String basis,

        @Schema(example = "GBP", description = "ISO 4217", requiredMode = Schema.RequiredMode.REQUIRED)
        String currency,

        @Schema(nullable = true, description = "month the fiscal year starts; default 4 (April)")
        Integer fiscalYearStartMonth,

        @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED)
        String firstFiscalYear,

        @Schema(example = "2026-27", requiredMode = Schema.RequiredMode.REQUIRED)
        String lastFiscalYear,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ShareRequest> shares,

        @Schema(nullable = true, description = "optional; each year's budget")
        String annualBudget,

        @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED)
        String decisionRef,

        @Schema(
                nullable = true,
                description = "optional, default false: every later commitment and review must cite a registered "
                        + "decision")
        Boolean decisionsRequired,

        @Schema(
                nullable = true,
                example = "1",
                description = "optional: every allocation (budget shares, cost shares, sub-shares) in whole multiples "
                        + "of this amount; the part below one unit goes to the first listed. Default: the currency's "
                        + "minor unit")
        String allocationUnit) {}
