package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record InKindRequest(
        @Schema(
                nullable = true,
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the entry's id, chosen by the client; a retry answers with the entry stored "
                        + "first")
        String entryId,

        @Schema(example = "Washington DC", requiredMode = Schema.RequiredMode.REQUIRED)
        String funder,

        @Schema(nullable = true, example = "GLA") String contributor,

        @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED)
        String fiscalYear,

        @Schema(example = "conference", maxLength = 64, requiredMode = Schema.RequiredMode.REQUIRED)
        String category,

        @Schema(
                description = "positive, in the reporting currency, at most its decimals",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String value,

        @Schema(
                example = "Annual conference 2023, hosted and paid for by Washington DC",
                maxLength = 200,
                requiredMode = Schema.RequiredMode.REQUIRED)
        String description,

        @Schema(
                allowableValues = {"MEMO", "OFFSET"},
                description = "OFFSET: a cost of the year, shared by shares, and a contribution of the funder; MEMO: "
                        + "shown only",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String treatment) {}
