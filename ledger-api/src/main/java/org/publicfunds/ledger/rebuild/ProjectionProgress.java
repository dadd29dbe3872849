package org.publicfunds.ledger.rebuild;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * How far the balance processor has got on this instance, for the admin endpoint and as gauges:
 * {@code ledger.eventstore.head.position} and {@code ledger.projection.lag{group}} (events between
 * the head and the slowest segment this instance processes; absent while it processes none).
 */
@Component
class ProjectionProgress {

    /** {@code segments}: the processor's segments this instance is processing now. */
    record ProjectionResponse(String name, String collection, long position, long head, long lag, List<Integer> segments) {
    }

    private final EventProcessingConfiguration processing;
    private final MongoEventStorageEngine events;
    private final LedgerViewStore views;

    ProjectionProgress(EventProcessingConfiguration processing, MongoEventStorageEngine events, LedgerViewStore views,
                       MeterRegistry meters) {
        this.processing = processing;
        this.events = events;
        this.views = views;
        Gauge.builder("ledger.eventstore.head.position", events, MongoEventStorageEngine::headPosition)
                .description("global position of the last stored event").register(meters);
        Gauge.builder("ledger.projection.lag", this, progress -> {
            ProjectionResponse balances = progress.balances();
            return balances.segments().isEmpty() ? Double.NaN : balances.lag();
        }).tag("group", BalanceProjection.PROCESSING_GROUP)
                .description("events stored but not yet applied by this instance's segments").register(meters);
    }

    ProjectionResponse balances() {
        long head = events.headPosition();
        Map<Integer, EventTrackerStatus> status = processing
                .eventProcessor(BalanceProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        long position = status.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
        return new ProjectionResponse(BalanceProjection.PROCESSING_GROUP, views.collectionName(), position, head,
                Math.max(0, head - position), status.keySet().stream().sorted().toList());
    }
}
