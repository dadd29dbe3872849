package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/** Record an expense of the programme in a fiscal year. */
public record RecordCost(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId entryId,
        FiscalYear fiscalYear,
        String category,
        Money amount,
        LocalDate incurredOn,
        String description) {}
