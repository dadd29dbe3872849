package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Record money actually received from a funder (or one of its contributors) for a fiscal year. */
public record RecordReceipt(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        LocalDate receivedOn,
        Conversion conversion) {

    /** In the reporting currency: no conversion. */
    public RecordReceipt(
            ArrangementId arrangementId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            LocalDate receivedOn) {
        this(arrangementId, entryId, funder, contributor, fiscalYear, amount, receivedOn, Conversion.NONE);
    }
}
