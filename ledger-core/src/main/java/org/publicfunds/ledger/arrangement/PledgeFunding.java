package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Record an amount a funder has indicated for a year but not yet approved (LEDGER.md 8.2). No decision needed. */
public record PledgeFunding(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        String note,
        Conversion conversion) {

    /** In the reporting currency: no conversion. */
    public PledgeFunding(
            ArrangementId arrangementId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            String note) {
        this(arrangementId, entryId, funder, contributor, fiscalYear, amount, note, Conversion.NONE);
    }
}
