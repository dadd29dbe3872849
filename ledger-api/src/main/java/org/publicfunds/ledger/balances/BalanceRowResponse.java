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

        @Schema(description = "broughtForward + received + inKind OFFSET - costShare; positive is in credit")
        String position,

        @Schema(description = "open pledges: indicated for the year, not yet approved")
        String pledged,

        @Schema(description = "budgetShare - committed; absent without a budget, negative when over-committed")
        String uncommitted,

        @Schema(example = "SEK", description = "the currency the funder settles in (LEDGER.md 8.4)")
        String currency,

        @Schema(
                nullable = true,
                description = "only when the funder's currency is not the reporting one: committed, received, "
                        + "outstanding and pledged in it, as entered")
        OriginalResponse original,

        @Schema(description = "contributions in kind of the year, MEMO and OFFSET")
        String inKind,

        @Schema(description = "what the close of the year before carried in; 0.00 when nothing")
        String broughtForward,

        @Schema(nullable = true, description = "the position the close of this year carried into the next")
        String carriedForward,

        @Schema(
                nullable = true,
                description = "after the close of the last year: positive a refund due to the funder, negative an "
                        + "amount due from it")
        String settlement) {}
