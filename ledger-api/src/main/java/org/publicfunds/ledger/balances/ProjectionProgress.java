package org.publicfunds.ledger.balances;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.springframework.stereotype.Component;

/**
 * How far the balance processor has got on this instance, for the admin endpoint and as gauges:
 * {@code ledger.eventstore.head.position} and {@code ledger.projection.lag{group}} (events between
 * the head and the slowest segment this instance processes; absent while it processes none).
 * Readiness and the gauges, which anyone may call as often as they like, read a head at most
 * {@link #HEAD_MAX_AGE_MS} old: finding the head takes the writer's lock, and a flood of health
 * checks must not slow commits down.
 */
@Component
class ProjectionProgress {

    /** {@code segments}: the processor's segments this instance is processing now. */
    record ProjectionResponse(
            String name, String collection, long position, long head, long lag, List<Integer> segments) {}

    static final long HEAD_MAX_AGE_MS = 500;

    private final EventProcessingConfiguration processing;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long recentHead = -1;
    private volatile long recentHeadAt;
    private final EventLog events;
    private final LedgerViewStore views;

    ProjectionProgress(
            EventProcessingConfiguration processing, EventLog events, LedgerViewStore views, MeterRegistry meters) {
        this.processing = processing;
        this.events = events;
        this.views = views;
        Gauge.builder("ledger.eventstore.head.position", this, ProjectionProgress::recentHead)
                .description("global position of the last stored event")
                .register(meters);
        Gauge.builder("ledger.projection.lag", this, progress -> {
                    ProjectionResponse balances = progress.balances(progress.recentHead());
                    return balances.segments().isEmpty() ? Double.NaN : balances.lag();
                })
                .tag("group", BalanceProjection.PROCESSING_GROUP)
                .description("events stored but not yet applied by this instance's segments")
                .register(meters);
    }

    /** With the head as of now: for the admin endpoint. */
    ProjectionResponse balances() {
        return balances(events.headPosition());
    }

    /**
     * The head as of at most {@link #HEAD_MAX_AGE_MS} ago; one caller refreshes it while the others
     * take the value it replaces, so callers never queue on the writer's lock.
     */
    long recentHead() {
        long head = recentHead;
        if ((head < 0 || System.nanoTime() - recentHeadAt > HEAD_MAX_AGE_MS * 1_000_000)
                && refreshing.compareAndSet(false, true)) {
            try {
                head = events.headPosition();
                recentHead = head;
                recentHeadAt = System.nanoTime();
            } finally {
                refreshing.set(false);
            }
        }
        // a caller that found another refreshing the very first value asks the store itself
        return head >= 0 ? head : events.headPosition();
    }

    ProjectionResponse balances(long head) {
        Map<Integer, EventTrackerStatus> status = processing
                .eventProcessor(BalanceProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus)
                .orElse(Map.of());
        long position = status.values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(0))
                .min()
                .orElse(0);
        return new ProjectionResponse(
                BalanceProjection.PROCESSING_GROUP,
                views.collectionName(),
                position,
                head,
                Math.max(0, head - position),
                status.keySet().stream().sorted().toList());
    }
}
