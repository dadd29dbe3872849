package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.money.Money;

/** Turn an open pledge into a commitment under a decision; the amount may differ from the pledge's. */
public record ConfirmPledge(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId pledgeId,
        EntryId entryId,
        Money amount,
        DecisionRef decisionRef,
        Conversion conversion) {

    /** In the reporting currency: no conversion. */
    public ConfirmPledge(
            ArrangementId arrangementId, EntryId pledgeId, EntryId entryId, Money amount, DecisionRef decisionRef) {
        this(arrangementId, pledgeId, entryId, amount, decisionRef, Conversion.NONE);
    }
}
