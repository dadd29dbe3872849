package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** The programme incurred a cost in a fiscal year. */
@Revision("1")
public record CostRecorded(
        ArrangementId arrangementId,
        EntryId entryId,
        FiscalYear fiscalYear,
        String category,
        Money amount,
        LocalDate incurredOn,
        String description)
        implements ArrangementEvent {}
