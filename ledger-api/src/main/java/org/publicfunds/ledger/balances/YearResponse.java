package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.media.Schema;

record YearResponse(
        String fiscalYear,
        String budget,
        String committed,
        String received,

        @Schema(description = "costs recorded and in-kind OFFSET values")
        String costs,

        boolean closed,

        @Schema(description = "contributions in kind, MEMO and OFFSET")
        String inKind) {}
