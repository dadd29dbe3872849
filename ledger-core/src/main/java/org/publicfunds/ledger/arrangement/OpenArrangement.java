package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * Open a new multi-year, multi-funder arrangement under a decision. With {@code decisionsRequired},
 * every later commitment and review must cite a registered decision (LEDGER.md 8.1). {@code currencies}
 * names the funders that settle in a currency other than the reporting one (LEDGER.md 8.4).
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
        boolean decisionsRequired,
        Money allocationUnit,
        List<ContributorSplit> splits,
        Map<Funder, Currency> currencies) {

    /** Every funder settles in the reporting currency. */
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
            DecisionRef decisionRef,
            boolean decisionsRequired,
            Money allocationUnit,
            List<ContributorSplit> splits) {
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
                decisionsRequired,
                allocationUnit,
                splits,
                Map.of());
    }

    /** Without an allocation unit (the currency's minor unit) and without contributor splits. */
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
            DecisionRef decisionRef,
            boolean decisionsRequired) {
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
                decisionsRequired,
                null,
                List.of());
    }

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
