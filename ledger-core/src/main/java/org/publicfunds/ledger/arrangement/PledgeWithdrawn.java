package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** An open pledge was withdrawn; the event carries the whole pledge so the figures need no look-up. */
@Revision("1")
public record PledgeWithdrawn(
        ArrangementId arrangementId,
        EntryId pledgeId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        String reason)
        implements ArrangementEvent {}
