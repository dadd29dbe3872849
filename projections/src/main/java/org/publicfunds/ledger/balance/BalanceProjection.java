package org.publicfunds.ledger.balance;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.ArrangementReviewed;
import org.publicfunds.ledger.arrangement.CostRecorded;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.FundingCommitted;

/**
 * Folds the arrangement events into one {@link LedgerView} per arrangement. Runs in its own
 * streaming processing group; events of one arrangement arrive in order, and an event at or
 * below the stored position is skipped, so redelivery never counts anything twice.
 */
public class BalanceProjection {

    public static final String PROCESSING_GROUP = "balances";

    private final LedgerViewStore store;

    public BalanceProjection(LedgerViewStore store) {
        this.store = store;
    }

    @EventHandler
    void on(ArrangementOpened event, TrackingToken token, @Timestamp Instant recordedAt) {
        long position = position(token);
        LedgerView current = store.current(event.arrangementId().value());
        if (current != null && current.position() >= position) {
            return;
        }
        if (!store.replace(current, LedgerView.opened(event, position, recordedAt))) {
            throw new IllegalStateException("the view of " + event.arrangementId() + " changed while it was being opened");
        }
    }

    @EventHandler
    void on(FundingCommitted event, TrackingToken token) {
        update(event.arrangementId(), position(token), view -> view.apply(event, position(token)));
    }

    @EventHandler
    void on(FundsReceived event, TrackingToken token) {
        update(event.arrangementId(), position(token), view -> view.apply(event, position(token)));
    }

    @EventHandler
    void on(CostRecorded event, TrackingToken token) {
        update(event.arrangementId(), position(token), view -> view.apply(event, position(token)));
    }

    @EventHandler
    void on(ArrangementReviewed event, TrackingToken token) {
        update(event.arrangementId(), position(token), view -> view.apply(event, position(token)));
    }

    @EventHandler
    void on(EntryReversed event, TrackingToken token) {
        update(event.arrangementId(), position(token), view -> view.apply(event, position(token)));
    }

    @EventHandler
    void on(FiscalYearClosed event, TrackingToken token) {
        update(event.arrangementId(), position(token), view -> view.apply(event, position(token)));
    }

    @ResetHandler
    void onReset() {
        store.forget();
    }

    private void update(ArrangementId id, long position, UnaryOperator<LedgerView> change) {
        for (int attempt = 0; attempt < 10; attempt++) {
            LedgerView current = store.current(id.value());
            if (current == null) {
                throw new IllegalStateException("no view of arrangement " + id + " at position " + position
                        + ": its opening event has not been applied");
            }
            if (current.position() >= position) {
                return;
            }
            if (store.replace(current, change.apply(current))) {
                return;
            }
        }
        throw new IllegalStateException("the view of " + id + " kept changing under position " + position);
    }

    private static long position(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("a tracking token without a position: " + token));
    }
}
