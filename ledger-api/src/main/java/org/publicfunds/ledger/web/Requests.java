package org.publicfunds.ledger.web;

import java.util.List;

// Request bodies of the HTTP contract (LEDGER.md section 6): every value a string, parsed at the edge.

record ShareRequest(String funder, String percent) {
}

record OpenArrangementRequest(String arrangementId, String name, String host, String basis, String currency,
                              Integer fiscalYearStartMonth, String firstFiscalYear, String lastFiscalYear,
                              List<ShareRequest> shares, String annualBudget, String decisionRef) {
}

record CommitmentRequest(String funder, String contributor, String fiscalYear, String amount, String decisionRef) {
}

record ReceiptRequest(String funder, String contributor, String fiscalYear, String amount, String receivedOn) {
}

record CostRequest(String fiscalYear, String category, String amount, String incurredOn, String description) {
}

record ReviewRequest(String effectiveFrom, List<ShareRequest> shares, String annualBudget, String lastFiscalYear,
                     String reason, String decisionRef) {
}

record ReversalRequest(String entryId, String reason) {
}
