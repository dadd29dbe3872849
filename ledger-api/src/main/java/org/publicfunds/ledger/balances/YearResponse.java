package org.publicfunds.ledger.balances;

record YearResponse(
        String fiscalYear, String budget, String committed, String received, String costs, boolean closed) {}
