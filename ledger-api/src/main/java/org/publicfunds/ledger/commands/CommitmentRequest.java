package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record CommitmentRequest(
        @Schema(
                nullable = true,
                example = "ctpn-2023-24-london-gla",
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the entry's id, chosen by the client; sending the same entry again "
                        + "(a retry) answers with the entry stored first, never a second one")
        String entryId,

        @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED)
        String funder,

        @Schema(
                nullable = true,
                example = "GLA",
                description = "the paying body inside the funder; defaults to the funder")
        String contributor,

        @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED)
        String fiscalYear,

        @Schema(description = "positive, at most the currency's decimals", requiredMode = Schema.RequiredMode.REQUIRED)
        String amount,

        @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED)
        String decisionRef) {}
