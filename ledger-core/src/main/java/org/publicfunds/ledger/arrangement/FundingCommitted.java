package org.publicfunds.ledger.arrangement;

import java.math.BigDecimal;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * A funder committed an amount for a fiscal year; contributor is the paying body (the funder itself
 * if none was named). {@code amount} is in the funder's currency, {@code reportingAmount} in the
 * arrangement's (the same when they are one); {@code rate} and {@code rateSource} as given, or null.
 * Revision 2 added the reporting fields: a revision 1 event was in the reporting currency.
 */
@Revision("2")
public record FundingCommitted(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        DecisionRef decisionRef,
        Money reportingAmount,
        BigDecimal rate,
        String rateSource)
        implements ArrangementEvent {

    /** In the reporting currency. */
    public FundingCommitted(
            ArrangementId arrangementId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            DecisionRef decisionRef) {
        this(arrangementId, entryId, funder, contributor, fiscalYear, amount, decisionRef, amount, null, null);
    }
}
