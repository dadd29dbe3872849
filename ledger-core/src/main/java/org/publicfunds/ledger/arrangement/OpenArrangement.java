package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * Open a new multi-year, multi-funder arrangement under a decision. With {@code decisionsRequired},
 * every later commitment and review must cite a registered decision (LEDGER.md 8.1).
 */
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
        DecisionRef decisionRef,
        boolean decisionsRequired) {

    public OpenArrangement(
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
            DecisionRef decisionRef) {
        this(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                shares,
                annualBudget,
                decisionRef,
                false);
    }
}
