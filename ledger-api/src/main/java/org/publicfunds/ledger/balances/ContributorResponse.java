package org.publicfunds.ledger.balances;

record ContributorResponse(String funder, String contributor, String fiscalYear, String committed, String received) {}
