package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** An arrangement was opened. The annual budget may be null (not set). */
@Revision("1")
public record ArrangementOpened(
        ArrangementId arrangementId,
        String name,
        String host,
        FundingBasis basis,
        Currency currency,
        int fiscalYearStartMonth,
        FiscalYear firstFiscalYear,
        FiscalYear lastFiscalYear,
        Shares shares,
        Money annualBudget,
        DecisionRef decisionRef)
        implements ArrangementEvent {}
