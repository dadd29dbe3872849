package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * An open pledge was withdrawn; the event carries the whole pledge so the figures need no look-up:
 * {@code amount} in the funder's currency, {@code reportingAmount} in the reporting one. Revision 2
 * added the reporting amount.
 */
@Revision("2")
public record PledgeWithdrawn(
        ArrangementId arrangementId,
        EntryId pledgeId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        String reason,
        Money reportingAmount)
        implements ArrangementEvent {

    /** Of a pledge in the reporting currency. */
    public PledgeWithdrawn(
            ArrangementId arrangementId,
            EntryId pledgeId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            String reason) {
        this(arrangementId, pledgeId, funder, contributor, fiscalYear, amount, reason, amount);
    }
}
