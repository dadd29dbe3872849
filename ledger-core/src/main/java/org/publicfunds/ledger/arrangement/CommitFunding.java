package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Record a funder's approved promise to fund an amount for a fiscal year. The contributor may be null: the funder itself pays. */
public record CommitFunding(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        DecisionRef decisionRef,
        Conversion conversion) {

    /** In the reporting currency: no conversion. */
    public CommitFunding(
            ArrangementId arrangementId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            DecisionRef decisionRef) {
        this(arrangementId, entryId, funder, contributor, fiscalYear, amount, decisionRef, Conversion.NONE);
    }
}
