package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record an expense of the programme in a fiscal year. */
public record RecordCost(@TargetAggregateIdentifier ArrangementId arrangementId, EntryId entryId, FiscalYear fiscalYear, String category, Money amount, LocalDate incurredOn, String description) {
}
