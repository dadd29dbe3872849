package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.fiscal.FiscalYear;

/** A fiscal year was closed. */
@Revision("1")
public record FiscalYearClosed(ArrangementId arrangementId, FiscalYear fiscalYear) implements ArrangementEvent {}
