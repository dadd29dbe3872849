package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;
import org.publicfunds.ledger.money.Money;

/** The arrangement allocates in whole multiples of this amount (LEDGER.md 8.3); set when it is opened. */
@Revision("1")
public record AllocationUnitSet(ArrangementId arrangementId, Money unit) implements ArrangementEvent {}
