package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * Change shares, the annual budget and/or the last fiscal year from a fiscal year onward, and/or
 * whether decisions must be registered; null means unchanged. {@code currencies}: the settlement
 * currency of funders in the new shares, as given (a funder's currency is fixed once it is a party).
 */
public record ReviewArrangement(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        FiscalYear effectiveFrom,
        Shares shares,
        Money annualBudget,
        FiscalYear lastFiscalYear,
        String reason,
        DecisionRef decisionRef,
        Boolean decisionsRequired,
        List<ContributorSplit> splits,
        Map<Funder, Currency> currencies) {

    public ReviewArrangement(
            ArrangementId arrangementId,
            FiscalYear effectiveFrom,
            Shares shares,
            Money annualBudget,
            FiscalYear lastFiscalYear,
            String reason,
            DecisionRef decisionRef,
            Boolean decisionsRequired,
            List<ContributorSplit> splits) {
        this(
                arrangementId,
                effectiveFrom,
                shares,
                annualBudget,
                lastFiscalYear,
                reason,
                decisionRef,
                decisionsRequired,
                splits,
                Map.of());
    }

    public ReviewArrangement(
            ArrangementId arrangementId,
            FiscalYear effectiveFrom,
            Shares shares,
            Money annualBudget,
            FiscalYear lastFiscalYear,
            String reason,
            DecisionRef decisionRef,
            Boolean decisionsRequired) {
        this(
                arrangementId,
                effectiveFrom,
                shares,
                annualBudget,
                lastFiscalYear,
                reason,
                decisionRef,
                decisionsRequired,
                null);
    }

    public ReviewArrangement(
            ArrangementId arrangementId,
            FiscalYear effectiveFrom,
            Shares shares,
            Money annualBudget,
            FiscalYear lastFiscalYear,
            String reason,
            DecisionRef decisionRef) {
        this(arrangementId, effectiveFrom, shares, annualBudget, lastFiscalYear, reason, decisionRef, null, null);
    }
}
