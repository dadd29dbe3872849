package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record PledgeRequest(
        @Schema(
                nullable = true,
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the pledge's id, chosen by the client; sending it again answers the first")
        String entryId,

        @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED)
        String funder,

        @Schema(nullable = true, example = "GLA", description = "the paying body inside the funder; defaults to it")
        String contributor,

        @Schema(example = "2024-25", requiredMode = Schema.RequiredMode.REQUIRED)
        String fiscalYear,

        @Schema(
                description = "positive, in the funder's currency, at most its decimals",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String amount,

        @Schema(nullable = true, maxLength = 200, example = "indicated; future years under review")
        String note,

        @Schema(
                nullable = true,
                description =
                        "for a funder settling in another currency than the reporting one (LEDGER.md 8.4): the "
                                + "amount in the reporting currency; with rate it must equal amount x rate rounded half to even")
        String reportingAmount,

        @Schema(
                nullable = true,
                example = "0.0745",
                description = "reporting units per one unit of the funder's currency, at most 12 significant digits")
        String rate,

        @Schema(nullable = true, example = "ECB reference rate 2023-05-02", description = "where the rate came from")
        String rateSource) {}
