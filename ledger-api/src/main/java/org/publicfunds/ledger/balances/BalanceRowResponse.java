package org.publicfunds.ledger.balances;

import io.swagger.v3.oas.annotations.media.Schema;

record BalanceRowResponse(
        @Schema(example = "London") String funder,
        @Schema(example = "2023-24") String fiscalYear,
        @Schema(description = "an exact decimal string") String sharePercent,

        @Schema(description = "absent when the year has no budget")
        String budgetShare,

        @Schema(description = "an exact decimal string") String committed,
        @Schema(description = "an exact decimal string") String received,
        @Schema(description = "committed - received") String outstanding,
        @Schema(description = "an exact decimal string") String costShare,

        @Schema(description = "received - cost share; positive is in credit")
        String position,

        @Schema(description = "open pledges: indicated for the year, not yet approved")
        String pledged,

        @Schema(description = "budgetShare - committed; absent without a budget, negative when over-committed")
        String uncommitted) {}
