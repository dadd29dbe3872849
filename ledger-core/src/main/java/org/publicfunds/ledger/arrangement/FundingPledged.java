package org.publicfunds.ledger.arrangement;

import java.math.BigDecimal;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * A funder indicated an amount for a year, not yet approved: a pledge, never a commitment. The note
 * may be null. {@code amount} in the funder's currency, {@code reportingAmount} in the
 * arrangement's. Revision 2 added the reporting fields.
 */
@Revision("2")
public record FundingPledged(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        String note,
        Money reportingAmount,
        BigDecimal rate,
        String rateSource)
        implements ArrangementEvent {

    /** In the reporting currency. */
    public FundingPledged(
            ArrangementId arrangementId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            String note) {
        this(arrangementId, entryId, funder, contributor, fiscalYear, amount, note, amount, null, null);
    }
}
