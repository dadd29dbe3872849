package org.publicfunds.ledger.arrangement;

import org.publicfunds.ledger.fiscal.FiscalYear;
import org.axonframework.serialization.Revision;

/** A fiscal year was closed. */
@Revision("1")
public record FiscalYearClosed(ArrangementId arrangementId, FiscalYear fiscalYear) implements ArrangementEvent {
}
