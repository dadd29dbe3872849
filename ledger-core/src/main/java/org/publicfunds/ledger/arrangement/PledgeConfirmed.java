package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * A pledge was confirmed: it is no longer open ({@code pledgedAmount} leaves the pledged figures)
 * and {@code amount} is committed from now on under the new {@code entryId}, citing the decision.
 */
@Revision("1")
public record PledgeConfirmed(
        ArrangementId arrangementId,
        EntryId pledgeId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money pledgedAmount,
        Money amount,
        DecisionRef decisionRef)
        implements ArrangementEvent {}
