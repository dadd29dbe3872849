package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.media.Schema;

record ContributorResponse(
        String funder,
        String contributor,
        String fiscalYear,
        String committed,
        String received,

        @Schema(description = "open pledges, not yet committed")
        String pledged,

        @Schema(nullable = true, description = "of the funder's part, when its share is split among contributors")
        String sharePercent,

        @Schema(nullable = true, description = "the funder's budget share allocated again by the split")
        String budgetShare,

        @Schema(nullable = true, description = "the funder's cost share allocated again by the split")
        String costShare,

        @Schema(
                nullable = true,
                description = "broughtForward + received + inKind OFFSET - cost share, when the share is split")
        String position,

        String currency,
        @Schema(nullable = true) OriginalResponse original,
        String inKind,
        String broughtForward,
        @Schema(nullable = true) String carriedForward,
        @Schema(nullable = true) String settlement) {}
