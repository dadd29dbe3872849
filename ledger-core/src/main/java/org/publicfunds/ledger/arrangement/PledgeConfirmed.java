package org.publicfunds.ledger.arrangement;

import java.math.BigDecimal;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * A pledge was confirmed: it is no longer open ({@code pledgedAmount}, and
 * {@code pledgedReportingAmount} in the reporting currency, leave the pledged figures) and
 * {@code amount} is committed from now on under the new {@code entryId}, citing the decision.
 * Amounts in the funder's currency, {@code reportingAmount} in the arrangement's. Revision 2 added
 * the reporting fields.
 */
@Revision("2")
public record PledgeConfirmed(
        ArrangementId arrangementId,
        EntryId pledgeId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money pledgedAmount,
        Money amount,
        DecisionRef decisionRef,
        Money pledgedReportingAmount,
        Money reportingAmount,
        BigDecimal rate,
        String rateSource)
        implements ArrangementEvent {

    /** In the reporting currency. */
    public PledgeConfirmed(
            ArrangementId arrangementId,
            EntryId pledgeId,
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money pledgedAmount,
            Money amount,
            DecisionRef decisionRef) {
        this(
                arrangementId,
                pledgeId,
                entryId,
                funder,
                contributor,
                fiscalYear,
                pledgedAmount,
                amount,
                decisionRef,
                pledgedAmount,
                amount,
                null,
                null);
    }
}
