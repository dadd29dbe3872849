package org.publicfunds.ledger.commands;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.balance.LedgerView;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.stereotype.Component;

/**
 * What a command needs to know of an arrangement before it is sent: that it exists, and the
 * currency its amounts are parsed in. Read from the history (its opening event, one indexed
 * lookup), never from a read model, which may be late: a stored arrangement is never a 404. The
 * currency never changes, so it is kept once read.
 */
@Component
class Arrangements {

    private final EventLog events;
    private final Map<String, Currency> currencies = new ConcurrentHashMap<>();

    Arrangements(EventLog events) {
        this.events = events;
    }

    /** The arrangement's currency; 404 {@code arrangement-not-found} if it was never opened. */
    Currency currencyOf(String id) {
        Currency known =
                currencies.get(Fields.parse("id", id, ArrangementId::new).value());
        if (known != null) {
            return known;
        }
        Currency currency = ((ArrangementOpened) openingEvent(id).payload()).currency();
        currencies.put(id, currency);
        return currency;
    }

    void requireExists(String id) {
        currencyOf(id);
    }

    /** The arrangement as its opening event made it. */
    LedgerView opened(String id) {
        EventLog.PositionedEvent first = openingEvent(id);
        return LedgerView.opened((ArrangementOpened) first.payload(), first.position(), first.createdAt());
    }

    private EventLog.PositionedEvent openingEvent(String id) {
        List<EventLog.PositionedEvent> first = events.events(id, 0, 0);
        if (first.isEmpty() || !(first.get(0).payload() instanceof ArrangementOpened)) {
            throw new UnknownArrangement(id);
        }
        return first.get(0);
    }
}
