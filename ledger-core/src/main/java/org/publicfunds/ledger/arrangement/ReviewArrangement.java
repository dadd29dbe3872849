package org.publicfunds.ledger.arrangement;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * Change shares, the annual budget and/or the last fiscal year from a fiscal year onward, and/or
 * whether decisions must be registered; null means unchanged.
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
        List<ContributorSplit> splits) {

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
