package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.fiscal.FiscalYear;

/** Close a fiscal year: it accepts no more entries and its balances no longer change. */
public record CloseFiscalYear(@TargetAggregateIdentifier ArrangementId arrangementId, FiscalYear fiscalYear) {}
