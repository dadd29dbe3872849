package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Change shares, the annual budget and/or the last fiscal year from a fiscal year onward; null means unchanged. */
public record ReviewArrangement(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        FiscalYear effectiveFrom,
        Shares shares,
        Money annualBudget,
        FiscalYear lastFiscalYear,
        String reason,
        DecisionRef decisionRef) {}
