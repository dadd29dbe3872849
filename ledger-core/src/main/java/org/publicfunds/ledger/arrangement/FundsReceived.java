package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Money was received from a funder's contributor for a fiscal year. */
@Revision("1")
public record FundsReceived(
        ArrangementId arrangementId,
        EntryId entryId,
        Funder funder,
        Contributor contributor,
        FiscalYear fiscalYear,
        Money amount,
        LocalDate receivedOn)
        implements ArrangementEvent {}
