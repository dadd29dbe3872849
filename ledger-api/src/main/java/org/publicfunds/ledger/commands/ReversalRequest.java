package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record ReversalRequest(
        @Schema(
                example = "3f2b8c1e-5d0a-4c43-9a51-0c8f1d2e7b64",
                description = "the entry to reverse",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String entryId,

        @Schema(
                nullable = true,
                example = "reversal-2023-0042",
                pattern = "[A-Za-z0-9-]{1,64}",
                description = "optional: the reversal's own id, chosen by the client, as entryId elsewhere")
        String reversalId,

        @Schema(example = "Posted twice", maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED)
        String reason) {}
