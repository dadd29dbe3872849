package org.publicfunds.ledger.commands;

import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.eventstore.StoredFields;
import org.publicfunds.ledger.system.Fields;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.stereotype.Component;

/**
 * What a command needs to know of an arrangement before it is sent: that it exists, and the
 * currency its amounts are parsed in. Read from the history (its opening event, one indexed
 * lookup), never from a read model, which may be late: a stored arrangement is never a 404. The
 * currency never changes, so it is kept once read.
 *
 * <p>A funder's own currency (LEDGER.md 8.4) is read from the balances' view: it is fixed once the
 * funder is a party, and a review that adds a funder answers 201 only once the view has it. The
 * aggregate checks it again, so a view that is late can only refuse an amount (422
 * currency-mismatch), never store one in the wrong currency.
 */
@Component
class Arrangements {

    private final EventLog events;
    private final LedgerViewStore views;
    private final Map<String, Currency> currencies = new ConcurrentHashMap<>();

    Arrangements(EventLog events, LedgerViewStore views) {
        this.events = events;
        this.views = views;
    }

    /** The currency the funder's amounts are in: its own, or the arrangement's. */
    Currency currencyOf(String id, Funder funder) {
        Currency reporting = currencyOf(id);
        if (funder == null) {
            return reporting;
        }
        return views.find(id).map(view -> view.currencyOf(funder)).orElse(reporting);
    }

    /** The currency of the funder of an entry stored earlier (a pledge being confirmed); the arrangement's if unknown. */
    Currency currencyOfEntry(String id, EntryId entryId) {
        return events.findRequest(List.of(RequestKeys.entry(id, entryId.value())))
                .flatMap(request -> request.commit().events().stream()
                        .map(event -> event.get(StoredFields.PAYLOAD, Document.class))
                        .filter(payload -> entryId.value().equals(payload.getString("entryId")))
                        .map(payload -> payload.getString("funder"))
                        .filter(Objects::nonNull)
                        .findFirst())
                .map(funder -> currencyOf(id, new Funder(funder)))
                .orElseGet(() -> currencyOf(id));
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

    /** The arrangement as its opening commit made it (the opening event, its splits, its funders' currencies). */
    LedgerView opened(String id) {
        EventLog.PositionedEvent first = openingEvent(id);
        int size = events.commitAt(first.position())
                .map(commit -> commit.events().size())
                .orElse(1);
        LedgerView view = null;
        for (EventLog.PositionedEvent event : events.events(id, 0, size - 1)) {
            view = LedgerView.fold(view, (ArrangementEvent) event.payload(), event.position(), event.createdAt());
        }
        return view;
    }

    private EventLog.PositionedEvent openingEvent(String id) {
        List<EventLog.PositionedEvent> first = events.events(id, 0, 0);
        if (first.isEmpty() || !(first.get(0).payload() instanceof ArrangementOpened)) {
            throw new UnknownArrangement(id);
        }
        return first.get(0);
    }
}
