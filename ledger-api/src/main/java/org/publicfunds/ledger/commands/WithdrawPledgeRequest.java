package org.publicfunds.ledger.commands;

import io.swagger.v3.oas.annotations.media.Schema;

record WithdrawPledgeRequest(
        @Schema(example = "No longer indicated", maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED)
        String reason) {}
