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
        String decisionRef) {}
