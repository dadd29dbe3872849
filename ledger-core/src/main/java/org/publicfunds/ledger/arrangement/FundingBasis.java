package org.publicfunds.ledger.arrangement;

/** How the funders pay: cost recovery (the programme's costs are shared) or fixed contributions. */
public enum FundingBasis {
    COST_RECOVERY,
    FIXED_CONTRIBUTION
}
