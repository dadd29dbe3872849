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

        @Schema(description = "positive, at most the currency's decimals", requiredMode = Schema.RequiredMode.REQUIRED)
        String amount,

        @Schema(nullable = true, maxLength = 200, example = "indicated; future years under review")
        String note) {}
