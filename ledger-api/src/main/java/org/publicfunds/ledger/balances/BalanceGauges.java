package org.publicfunds.ledger.balances;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.system.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.balance{arrangement, funder, fiscal_year, field}}: every balance row as a gauge in
 * the arrangement's currency units, for dashboards (the ledger's figures are the exact ones in
 * the API; a gauge is a double). Tags come only from arrangements, funders, fiscal years and the
 * field names (committed, received, outstanding, cost_share, position, in_kind, brought_forward,
 * budget_share, settlement), never from ids or free text. Updated from each view this instance's
 * projection writes (a quarter second after a change, with no read of the store), and reloaded
 * from the store every {@code ledger.metrics.balance-refresh}, so another instance's writes
 * appear too.
 */
@Component
class BalanceGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BalanceGauges.class);

    private final LedgerViewStore views;
    private final MultiGauge gauge;
    private final Duration refresh;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "balance-gauges");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    /** The newest view known per arrangement. */
    private final Map<String, LedgerView> latest = new ConcurrentHashMap<>();

    BalanceGauges(LedgerViewStore views, MeterRegistry meters, LedgerProperties properties) {
        this.views = views;
        this.refresh = properties.metrics().balanceRefresh();
        this.gauge = MultiGauge.builder("ledger.balance")
                .description("balance per arrangement, funder, fiscal year and field, in currency units")
                .register(meters);
        views.whenApplied(this::changed);
    }

    private void changed(LedgerView view) {
        // the view just written is the new figure: no read of the store; a burst is registered once
        latest.merge(view.arrangementId(), view, (known, next) -> next.position() >= known.position() ? next : known);
        if (running && queued.compareAndSet(false, true)) {
            worker.schedule(this::publish, 250, TimeUnit.MILLISECONDS);
        }
    }

    /** Every view from the store, for those another instance wrote; then publishes. */
    void reload() {
        try {
            for (LedgerView view : views.findAll()) {
                latest.merge(
                        view.arrangementId(),
                        view,
                        (known, next) -> next.position() >= known.position() ? next : known);
            }
        } catch (RuntimeException e) {
            log.warn("balance gauges not reloaded; trying again", e);
        }
        publish();
    }

    private void publish() {
        queued.set(false);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (LedgerView view : latest.values()) {
            for (Balances.Row row : Balances.of(view, null, null).rows()) {
                Tags tags = Tags.of(
                        "arrangement",
                        view.arrangementId(),
                        "funder",
                        row.funder().value(),
                        "fiscal_year",
                        row.fiscalYear().label());
                add(rows, tags, "committed", row.committed());
                add(rows, tags, "received", row.received());
                add(rows, tags, "outstanding", row.outstanding());
                add(rows, tags, "cost_share", row.costShare());
                add(rows, tags, "position", row.position());
                add(rows, tags, "in_kind", row.inKind());
                add(rows, tags, "brought_forward", row.broughtForward());
                row.budgetShare().ifPresent(budget -> add(rows, tags, "budget_share", budget));
                row.settlement().ifPresent(settlement -> add(rows, tags, "settlement", settlement));
            }
        }
        gauge.register(rows, true);
    }

    private static void add(List<MultiGauge.Row<?>> rows, Tags tags, String field, Money amount) {
        rows.add(MultiGauge.Row.of(
                tags.and("field", field), amount.toBigDecimal().doubleValue()));
    }

    @Override
    public void start() {
        running = true;
        worker.scheduleWithFixedDelay(this::reload, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        worker.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
