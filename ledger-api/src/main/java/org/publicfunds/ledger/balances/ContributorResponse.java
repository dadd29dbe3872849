package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.media.Schema;

record ContributorResponse(
        String funder,
        String contributor,
        String fiscalYear,
        String committed,
        String received,

        @Schema(description = "open pledges, not yet committed")
        String pledged) {}
