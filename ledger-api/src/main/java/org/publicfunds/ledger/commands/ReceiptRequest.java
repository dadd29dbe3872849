package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record ReceiptRequest(
        @Schema(
                nullable = true,
                example = "receipt-2023-0042",
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the entry's id, chosen by the client; sending the same entry again "
                        + "(a retry) answers with the entry stored first, never a second one")
        String entryId,

        @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED)
        String funder,

        @Schema(nullable = true, example = "GLA") String contributor,

        @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED)
        String fiscalYear,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String amount,

        @Schema(example = "2023-05-02", format = "date", requiredMode = Schema.RequiredMode.REQUIRED)
        String receivedOn) {}
