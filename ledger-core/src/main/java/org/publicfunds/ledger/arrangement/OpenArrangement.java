package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open a new multi-year, multi-funder arrangement under a decision. */
public record OpenArrangement(@TargetAggregateIdentifier ArrangementId arrangementId, String name, String host, FundingBasis basis, Currency currency, int fiscalYearStartMonth, FiscalYear firstFiscalYear, FiscalYear lastFiscalYear, Shares shares, Money annualBudget, DecisionRef decisionRef) {
}
