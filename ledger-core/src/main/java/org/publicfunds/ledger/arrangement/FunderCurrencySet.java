package org.publicfunds.ledger.arrangement;

import java.util.Currency;
import org.axonframework.serialization.Revision;

/**
 * A funder settles in its own currency, not the reporting one (LEDGER.md 8.4): recorded when it
 * becomes a party, at the opening or by the review that adds it, and fixed from then on.
 */
@Revision("1")
public record FunderCurrencySet(ArrangementId arrangementId, Funder funder, Currency currency)
        implements ArrangementEvent {}
