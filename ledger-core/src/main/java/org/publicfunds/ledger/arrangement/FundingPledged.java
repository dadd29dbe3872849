package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** A funder indicated an amount for a year, not yet approved: a pledge, never a commitment. The note may be null. */
@Revision("1")
public record FundingPledged(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        String note)
        implements ArrangementEvent {}
