package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record CostRequest(
        @Schema(
                nullable = true,
                example = "cost-2023-0007",
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the entry's id, chosen by the client; sending the same entry again "
                        + "(a retry) answers with the entry stored first, never a second one")
        String entryId,

        @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED)
        String fiscalYear,

        @Schema(example = "coordinator", requiredMode = Schema.RequiredMode.REQUIRED)
        String category,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String amount,

        @Schema(example = "2023-09-30", format = "date", requiredMode = Schema.RequiredMode.REQUIRED)
        String incurredOn,

        @Schema(
                example = "Network coordinator, second quarter",
                maxLength = 200,
                requiredMode = Schema.RequiredMode.REQUIRED)
        String description) {}
