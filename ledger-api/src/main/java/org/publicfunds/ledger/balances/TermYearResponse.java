package org.publicfunds.ledger.balances;

import java.util.List;

public record TermYearResponse(String fiscalYear, List<ShareResponse> shares, String annualBudget, boolean closed) {}
