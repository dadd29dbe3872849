package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** A funder committed an amount for a fiscal year; contributor is the paying body (the funder itself if none was named). */
@Revision("1")
public record FundingCommitted(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        DecisionRef decisionRef)
        implements ArrangementEvent {}
