package org.publicfunds.ledger.balances;

import java.util.Optional;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.springframework.stereotype.Component;

/**
 * An arrangement's view as of a past global position, exactly as the live read model had it
 * then: the checkpoint the projection kept right there (at the end of each import), or the nearest
 * one before that point (one every {@value LedgerViewStore#CHECKPOINT_EVERY} events of the
 * arrangement) plus the few events after it, folded the way the projection folds them. Never a replay of the whole history.
 */
@Component
class AsOfViews {

    private final LedgerViewStore views;
    private final EventLog events;

    AsOfViews(LedgerViewStore views, EventLog events) {
        this.views = views;
        this.events = events;
    }

    /** Empty when the arrangement did not exist yet at that position. */
    Optional<LedgerView> at(LedgerView live, long position) {
        if (position >= live.position()) {
            return Optional.of(live);
        }
        String id = live.arrangementId();
        long sequence = events.sequenceAt(id, position);
        if (sequence < 0) {
            return Optional.empty();
        }
        Optional<LedgerView> exact = views.checkpointAfter(id, sequence);
        if (exact.isPresent()) {
            // an import's end: nothing of it to fold
            return exact;
        }
        long block = (sequence + 1) / LedgerViewStore.CHECKPOINT_EVERY;
        LedgerView view = null;
        while (block > 0 && view == null) {
            view = views.checkpoint(id, block).orElse(null);
            if (view == null) {
                block--;
            }
        }
        long from = block * LedgerViewStore.CHECKPOINT_EVERY;
        for (EventLog.PositionedEvent event : events.events(id, from, sequence)) {
            view = LedgerView.fold(view, (ArrangementEvent) event.payload(), event.position(), event.createdAt());
        }
        return Optional.ofNullable(view);
    }
}
