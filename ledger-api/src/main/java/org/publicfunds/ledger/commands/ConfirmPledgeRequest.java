package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record ConfirmPledgeRequest(
        @Schema(
                nullable = true,
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the id of the commitment it creates, chosen by the client")
        String entryId,

        @Schema(
                description = "the amount committed; may differ from the pledge's",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String amount,

        @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED)
        String decisionRef,

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
