package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** A review changed, from effectiveFrom onward, the shares, the annual budget and/or the last fiscal year (null fields did not change). */
@Revision("1")
public record ArrangementReviewed(
        ArrangementId arrangementId,
        FiscalYear effectiveFrom,
        Shares shares,
        Money annualBudget,
        FiscalYear lastFiscalYear,
        String reason,
        DecisionRef decisionRef)
        implements ArrangementEvent {}
