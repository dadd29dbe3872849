package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * An earlier entry was cancelled. Carries the whole cancelled fact so no reader has to look it up;
 * funder and contributor are null for a cost. {@code amount} is in the funder's currency (an
 * in-kind value and a cost in the reporting one), {@code reportingAmount} in the reporting
 * currency; {@code treatment} is set for an in-kind entry only. Revision 2 added both.
 */
@Revision("2")
public record EntryReversed(
        ArrangementId arrangementId,
        EntryId reversalId,
        EntryId reversedEntryId,
        EntryKind kind,
        FiscalYear fiscalYear,
        Funder funder,
        Contributor contributor,
        Money amount,
        String reason,
        Money reportingAmount,
        Treatment treatment)
        implements ArrangementEvent {

    /** Of an entry in the reporting currency, not in kind. */
    public EntryReversed(
            ArrangementId arrangementId,
            EntryId reversalId,
            EntryId reversedEntryId,
            EntryKind kind,
            FiscalYear fiscalYear,
            Funder funder,
            Contributor contributor,
            Money amount,
            String reason) {
        this(
                arrangementId,
                reversalId,
                reversedEntryId,
                kind,
                fiscalYear,
                funder,
                contributor,
                amount,
                reason,
                amount,
                null);
    }
}
