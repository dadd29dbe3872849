package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Open a new multi-year, multi-funder arrangement under a decision. */
public record OpenArrangement(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        String name,
        String host,
        FundingBasis basis,
        Currency currency,
        int fiscalYearStartMonth,
        FiscalYear firstFiscalYear,
        FiscalYear lastFiscalYear,
        Shares shares,
        Money annualBudget,
        DecisionRef decisionRef) {}
