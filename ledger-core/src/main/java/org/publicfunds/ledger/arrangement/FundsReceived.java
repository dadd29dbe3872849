package org.publicfunds.ledger.arrangement;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * Money was received from a funder's contributor for a fiscal year: {@code amount} in the funder's
 * currency, {@code reportingAmount} in the arrangement's. Revision 2 added the reporting fields.
 */
@Revision("2")
public record FundsReceived(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        LocalDate receivedOn,
        Money reportingAmount,
        BigDecimal rate,
        String rateSource)
        implements ArrangementEvent {

    /** In the reporting currency. */
    public FundsReceived(
            ArrangementId arrangementId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            LocalDate receivedOn) {
        this(arrangementId, entryId, funder, contributor, fiscalYear, amount, receivedOn, amount, null, null);
    }
}
