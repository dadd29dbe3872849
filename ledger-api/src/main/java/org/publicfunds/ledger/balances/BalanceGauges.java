package org.publicfunds.ledger.balances;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
 * {@code ledger.balance{arrangement, funder, fiscal_year, field}}: every balance row of each
 * <em>watched</em> arrangement ({@code ledger.metrics.watched}) as a gauge in the arrangement's
 * currency units, for dashboards (the ledger's figures are the exact ones in the API; a gauge is a
 * double); {@code ledger.balance.overall{currency, field}}: each field summed over every
 * arrangement reporting in that currency; {@code ledger.arrangements}: how many there are. So the
 * number of series is bounded by the watched arrangements, not by how many a programme runs (72
 * per arrangement would be 720,000 at 10,000). Tags come only from arrangements, funders, fiscal
 * years, currencies and the field names (committed, received, outstanding, cost_share, position,
 * in_kind, brought_forward, budget_share, settlement), never from ids or free text.
 *
 * <p>Updated from each view this instance's projection writes (a quarter second after a change,
 * with no read of the store); the watched views are read again every
 * {@code ledger.metrics.balance-refresh} and every view every {@code ledger.metrics.totals-refresh},
 * so another instance's writes appear too. Only a watched arrangement's view is kept; for the
 * others, their sums per field.
 */
@Component
class BalanceGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BalanceGauges.class);
    /** The fields a balance gauge shows: its {@code field} tag and the row's figure (none: no gauge for it). */
    private record Field(String name, Function<Balances.Row, Optional<Money>> figure) {}

    private static final List<Field> FIELDS = List.of(
            new Field("committed", row -> Optional.of(row.committed())),
            new Field("received", row -> Optional.of(row.received())),
            new Field("outstanding", row -> Optional.of(row.outstanding())),
            new Field("cost_share", row -> Optional.of(row.costShare())),
            new Field("position", row -> Optional.of(row.position())),
            new Field("in_kind", row -> Optional.of(row.inKind())),
            new Field("brought_forward", row -> Optional.of(row.broughtForward())),
            new Field("budget_share", Balances.Row::budgetShare),
            new Field("settlement", Balances.Row::settlement));

    private final LedgerViewStore views;
    private final MultiGauge gauge;
    private final MultiGauge totalGauge;
    private final Set<String> watched;
    private final Duration refresh;
    private final Duration totalsRefresh;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "balance-gauges");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    /** The newest view known per watched arrangement. */
    private final Map<String, LedgerView> latest = new ConcurrentHashMap<>();
    /** Views this instance's projection wrote since the last publication, the newest per arrangement. */
    private final Map<String, LedgerView> written = new ConcurrentHashMap<>();
    /** The newest sums known per arrangement, watched or not. */
    private final Map<String, Sums> sums = new ConcurrentHashMap<>();

    /** One arrangement's rows summed per field, in minor units of its currency, as of a position. */
    record Sums(long position, Currency currency, long[] minor) {

        static Sums of(LedgerView view) {
            long[] minor = new long[FIELDS.size()];
            for (Balances.Row row : Balances.of(view, null, null).rows()) {
                for (int i = 0; i < FIELDS.size(); i++) {
                    minor[i] += FIELDS.get(i)
                            .figure()
                            .apply(row)
                            .map(Money::amountMinor)
                            .orElse(0L);
                }
            }
            return new Sums(view.position(), view.currency(), minor);
        }
    }

    BalanceGauges(LedgerViewStore views, MeterRegistry meters, LedgerProperties properties) {
        this.views = views;
        this.watched = Set.copyOf(properties.metrics().watched());
        this.refresh = properties.metrics().balanceRefresh();
        this.totalsRefresh = properties.metrics().totalsRefresh();
        this.gauge = MultiGauge.builder("ledger.balance")
                .description("balance of a watched arrangement per funder, fiscal year and field, in currency units")
                .register(meters);
        this.totalGauge = MultiGauge.builder("ledger.balance.overall")
                .description("each balance field summed over every arrangement reporting in a currency, in its units")
                .register(meters);
        Gauge.builder("ledger.arrangements", sums, Map::size)
                .description("arrangements known to the balance gauges")
                .register(meters);
        views.whenApplied(this::changed);
    }

    private void changed(LedgerView view) {
        // the view just written is the new figure: no read of the store; a burst is registered once; the
        // projection's thread only hands it over (its sums are computed on this component's own thread)
        written.merge(view.arrangementId(), view, (known, next) -> next.position() >= known.position() ? next : known);
        if (running && queued.compareAndSet(false, true)) {
            worker.schedule(this::publish, 250, TimeUnit.MILLISECONDS);
        }
    }

    private void know(LedgerView view) {
        if (watched.contains(view.arrangementId())) {
            latest.merge(
                    view.arrangementId(), view, (known, next) -> next.position() >= known.position() ? next : known);
        }
        Sums next = Sums.of(view);
        sums.merge(view.arrangementId(), next, (known, fresh) -> fresh.position() >= known.position() ? fresh : known);
    }

    /** The watched views from the store, for those another instance wrote; then publishes. */
    void reload() {
        try {
            for (String id : watched) {
                views.find(id).ifPresent(this::know);
            }
        } catch (RuntimeException e) {
            log.warn("balance gauges not reloaded; trying again", e);
        }
        publish();
    }

    /** Every view from the store for the totals: one pass of a cursor (a query per page would scan them all each time on the embedded server). */
    void reloadTotals() {
        try {
            views.forEachView(this::know);
        } catch (RuntimeException e) {
            log.warn("balance totals not reloaded; trying again", e);
        }
        publish();
    }

    private synchronized void publish() {
        queued.set(false);
        for (String id : List.copyOf(written.keySet())) {
            LedgerView view = written.remove(id);
            if (view != null) {
                know(view);
            }
        }
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
                for (Field field : FIELDS) {
                    field.figure().apply(row).ifPresent(amount -> add(rows, tags, field.name(), amount));
                }
            }
        }
        gauge.register(rows, true);
        Map<Currency, long[]> totals = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        for (Sums known : sums.values()) {
            long[] total = totals.computeIfAbsent(known.currency(), currency -> new long[FIELDS.size()]);
            for (int i = 0; i < total.length; i++) {
                total[i] = Math.addExact(total[i], known.minor()[i]);
            }
        }
        List<MultiGauge.Row<?>> totalRows = new ArrayList<>();
        totals.forEach((currency, total) -> {
            for (int i = 0; i < total.length; i++) {
                totalRows.add(MultiGauge.Row.of(
                        Tags.of(
                                "currency",
                                currency.getCurrencyCode(),
                                "field",
                                FIELDS.get(i).name()),
                        new Money(total[i], currency).toBigDecimal().doubleValue()));
            }
        });
        totalGauge.register(totalRows, true);
    }

    private static void add(List<MultiGauge.Row<?>> rows, Tags tags, String field, Money amount) {
        rows.add(MultiGauge.Row.of(
                tags.and("field", field), amount.toBigDecimal().doubleValue()));
    }

    @Override
    public void start() {
        running = true;
        worker.scheduleWithFixedDelay(this::reloadTotals, 0, totalsRefresh.toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::reload, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
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
