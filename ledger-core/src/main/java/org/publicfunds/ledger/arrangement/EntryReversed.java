package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** An earlier entry was cancelled. Carries the whole cancelled fact so no reader has to look it up; funder and contributor are null for a cost. */
@Revision("1")
public record EntryReversed(
        ArrangementId arrangementId,
        EntryId reversalId,
        EntryId reversedEntryId,
        EntryKind kind,
        FiscalYear fiscalYear,
        Funder funder,
        Contributor contributor,
        Money amount,
        String reason)
        implements ArrangementEvent {}
