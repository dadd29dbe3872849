package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

record ReviewRequest(
        @Schema(
                example = "2027-28",
                description = "first fiscal year the review applies to",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String effectiveFrom,

        @Schema(nullable = true, description = "optional: new shares from effectiveFrom on")
        List<ShareRequest> shares,

        @Schema(nullable = true, description = "optional: new annual budget")
        String annualBudget,

        @Schema(nullable = true, example = "2027-28", description = "optional: a new last fiscal year")
        String lastFiscalYear,

        @Schema(
                example = "Later years open to review: extended by one year",
                maxLength = 200,
                requiredMode = Schema.RequiredMode.REQUIRED)
        String reason,

        @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED)
        String decisionRef,

        @Schema(nullable = true, description = "optional: whether decisions must be registered from now on")
        Boolean decisionsRequired) {}
