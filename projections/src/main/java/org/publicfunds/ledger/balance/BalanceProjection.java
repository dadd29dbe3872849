package org.publicfunds.ledger.balance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.EntriesImported;
import org.publicfunds.ledger.arrangement.balance.LedgerView;

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
    void on(ArrangementEvent event, TrackingToken token, @Timestamp Instant createdAt, @SequenceNumber long sequence) {
        long position = position(token);
        String id = event.arrangementId().value();
        Changes changes = changes();
        LedgerView current = changes.current(id);
        if (current != null && current.position() >= position) {
            return;
        }
        changes.put(
                id, LedgerView.fold(current, event, position, createdAt), sequence, event instanceof EntriesImported);
    }

    @ResetHandler
    void onReset() {
        store.forget();
    }

    /**
     * The views changed by the events of the current batch. They are written once per batch, as
     * the processor's unit of work commits and before it stores its token, each conditional on
     * the view it replaces: a batch of a thousand events on one arrangement is one write.
     */
    private Changes changes() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Changes(store, true);
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(Changes.class.getName(), key -> {
            // a rebuild on any instance may have switched the live copy: each batch writes to the one recorded
            store.follow();
            Changes changes = new Changes(store, false);
            root.onPrepareCommit(u -> changes.flush());
            return changes;
        });
    }

    private static final class Changes {
        private final LedgerViewStore store;
        private final boolean writeThrough;
        private final Map<String, LedgerView[]> views = new LinkedHashMap<>();
        private final Map<String, Object[]> checkpoints = new LinkedHashMap<>();

        Changes(LedgerViewStore store, boolean writeThrough) {
            this.store = store;
            this.writeThrough = writeThrough;
        }

        /**
         * The view as this batch left it, or as this instance last wrote it, or as stored. A view
         * another instance wrote since this one last did is never folded over: each write is
         * conditional on the view it replaces, so the batch fails, the view is forgotten, and the
         * batch delivered again reads it from the store.
         */
        LedgerView current(String id) {
            LedgerView[] pair = views.computeIfAbsent(id, key -> {
                LedgerView stored =
                        store.lastWritten(key).or(() -> store.find(key)).orElse(null);
                return new LedgerView[] {stored, stored};
            });
            return pair[1];
        }

        /** @param endsAnImport the event closes an import's commit: an instant's position lands there, not inside */
        void put(String id, LedgerView next, long sequence, boolean endsAnImport) {
            current(id);
            views.get(id)[1] = next;
            if ((sequence + 1) % LedgerViewStore.CHECKPOINT_EVERY == 0) {
                String key = LedgerViewStore.blockCheckpoint(id, (sequence + 1) / LedgerViewStore.CHECKPOINT_EVERY);
                checkpoints.put(key, new Object[] {next, key});
            }
            if (endsAnImport) {
                String key = LedgerViewStore.sequenceCheckpoint(id, sequence);
                checkpoints.put(key, new Object[] {next, key});
            }
            if (writeThrough) {
                flush();
            }
        }

        void flush() {
            List<LedgerView[]> changed = new ArrayList<>();
            for (LedgerView[] pair : views.values()) {
                if (pair[1] != pair[0]) {
                    changed.add(pair);
                }
            }
            Set<String> written = store.replaceAll(changed);
            // a checkpoint only of a view written: one folded over a view that was not current is never kept (a
            // checkpoint missing after a crash here is only slower: an as-of query starts from the one before)
            for (Object[] checkpoint : checkpoints.values()) {
                LedgerView view = (LedgerView) checkpoint[0];
                if (written.contains(view.arrangementId())) {
                    store.saveCheckpoint(view, (String) checkpoint[1]);
                }
            }
            checkpoints.clear();
            if (written.size() < changed.size()) {
                throw new IllegalStateException(
                        "a view was changed by another writer; the batch will be delivered again");
            }
            views.clear();
        }
    }

    private static long position(TrackingToken token) {
        return token.position()
                .orElseThrow(() -> new IllegalStateException("a tracking token without a position: " + token));
    }
}
