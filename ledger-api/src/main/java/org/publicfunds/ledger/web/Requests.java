package org.publicfunds.ledger.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

// Request bodies of the HTTP contract (LEDGER.md section 6): every value a string, parsed at the edge.
// The examples are the reference case (decision ADD2634), as the API description shows them.

record ShareRequest(@Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED) String funder,
                    @Schema(example = "25", description = "percent, up to two decimals; the shares add up to 100",
                            requiredMode = Schema.RequiredMode.REQUIRED) String percent) {
}

record OpenArrangementRequest(
        @Schema(example = "ctpn", pattern = "[a-z0-9-]{1,64}", requiredMode = Schema.RequiredMode.REQUIRED) String arrangementId,
        @Schema(example = "Counter-Terrorism Preparedness Network", maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(example = "London Fire Commissioner", maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED) String host,
        @Schema(example = "COST_RECOVERY", requiredMode = Schema.RequiredMode.REQUIRED) String basis,
        @Schema(example = "GBP", description = "ISO 4217", requiredMode = Schema.RequiredMode.REQUIRED) String currency,
        @Schema(example = "4", description = "month the fiscal year starts; default 4 (April)") Integer fiscalYearStartMonth,
        @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED) String firstFiscalYear,
        @Schema(example = "2026-27", requiredMode = Schema.RequiredMode.REQUIRED) String lastFiscalYear,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ShareRequest> shares,
        @Schema(example = "151500.00", description = "optional; each year's budget") String annualBudget,
        @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED) String decisionRef) {
}

record CommitmentRequest(
                         @Schema(example = "ctpn-2023-24-london-gla", pattern = "[A-Za-z0-9-]{1,64}",
                                 description = "optional: the entry's id, chosen by the client; sending the same entry again "
                                         + "(a retry) answers with the entry stored first, never a second one") String entryId,
                         @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED) String funder,
                         @Schema(example = "GLA", description = "the paying body inside the funder; defaults to the funder") String contributor,
                         @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED) String fiscalYear,
                         @Schema(example = "18938.00", description = "positive, at most the currency's decimals",
                                 requiredMode = Schema.RequiredMode.REQUIRED) String amount,
                         @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED) String decisionRef) {
}

record ReceiptRequest(
                         @Schema(example = "receipt-2023-0042", pattern = "[A-Za-z0-9-]{1,64}",
                                 description = "optional: the entry's id, chosen by the client; sending the same entry again "
                                         + "(a retry) answers with the entry stored first, never a second one") String entryId,
                      @Schema(example = "London", requiredMode = Schema.RequiredMode.REQUIRED) String funder,
                      @Schema(example = "GLA") String contributor,
                      @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED) String fiscalYear,
                      @Schema(example = "18938.00", requiredMode = Schema.RequiredMode.REQUIRED) String amount,
                      @Schema(example = "2023-05-02", format = "date", requiredMode = Schema.RequiredMode.REQUIRED) String receivedOn) {
}

record CostRequest(
                         @Schema(example = "cost-2023-0007", pattern = "[A-Za-z0-9-]{1,64}",
                                 description = "optional: the entry's id, chosen by the client; sending the same entry again "
                                         + "(a retry) answers with the entry stored first, never a second one") String entryId,
                   @Schema(example = "2023-24", requiredMode = Schema.RequiredMode.REQUIRED) String fiscalYear,
                   @Schema(example = "coordinator", requiredMode = Schema.RequiredMode.REQUIRED) String category,
                   @Schema(example = "12000.00", requiredMode = Schema.RequiredMode.REQUIRED) String amount,
                   @Schema(example = "2023-09-30", format = "date", requiredMode = Schema.RequiredMode.REQUIRED) String incurredOn,
                   @Schema(example = "Network coordinator, second quarter", maxLength = 200,
                           requiredMode = Schema.RequiredMode.REQUIRED) String description) {
}

record ReviewRequest(@Schema(example = "2027-28", description = "first fiscal year the review applies to",
                             requiredMode = Schema.RequiredMode.REQUIRED) String effectiveFrom,
                     @Schema(description = "optional: new shares from effectiveFrom on") List<ShareRequest> shares,
                     @Schema(example = "151500.00", description = "optional: new annual budget") String annualBudget,
                     @Schema(example = "2027-28", description = "optional: a new last fiscal year") String lastFiscalYear,
                     @Schema(example = "Later years open to review: extended by one year", maxLength = 200,
                             requiredMode = Schema.RequiredMode.REQUIRED) String reason,
                     @Schema(example = "ADD2634", requiredMode = Schema.RequiredMode.REQUIRED) String decisionRef) {
}

record ReversalRequest(@Schema(example = "3f2b8c1e-5d0a-4c43-9a51-0c8f1d2e7b64", description = "the entry to reverse",
                               requiredMode = Schema.RequiredMode.REQUIRED) String entryId,
                       @Schema(example = "reversal-2023-0042", pattern = "[A-Za-z0-9-]{1,64}",
                               description = "optional: the reversal's own id, chosen by the client, as entryId elsewhere")
                       String reversalId,
                       @Schema(example = "Posted twice", maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED) String reason) {
}
