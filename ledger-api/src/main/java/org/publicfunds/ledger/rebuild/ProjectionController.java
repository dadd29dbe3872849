package org.publicfunds.ledger.rebuild;

import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read models, how far behind they are, and their rebuild. */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionController {

    private final EventProcessingConfiguration processing;
    private final MongoEventStorageEngine events;
    private final LedgerViewStore views;
    private final BalanceRebuild rebuild;

    ProjectionController(EventProcessingConfiguration processing, MongoEventStorageEngine events, LedgerViewStore views,
                         BalanceRebuild rebuild) {
        this.processing = processing;
        this.events = events;
        this.views = views;
        this.rebuild = rebuild;
    }

    /** {@code segments}: the processor's segments this instance is processing now. */
    record ProjectionResponse(String name, String collection, long position, long head, long lag, List<Integer> segments) {
    }

    @GetMapping
    List<ProjectionResponse> list() {
        return List.of(balances());
    }

    @GetMapping("/{name}")
    ResponseEntity<?> get(@PathVariable String name) {
        if (!name.equals(BalanceProjection.PROCESSING_GROUP)) {
            return unknown(name);
        }
        return ResponseEntity.ok(Map.of("projection", balances(), "rebuild", rebuild.status()));
    }

    @PostMapping("/{name}/rebuild")
    ResponseEntity<?> rebuild(@PathVariable String name) {
        if (!name.equals(BalanceProjection.PROCESSING_GROUP)) {
            return unknown(name);
        }
        if (!rebuild.start()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "a rebuild of " + name + " is already running");
            problem.setProperty("code", "rebuild-running");
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        return ResponseEntity.accepted().body(rebuild.status());
    }

    private ProjectionResponse balances() {
        long head = events.headPosition();
        Map<Integer, EventTrackerStatus> status = processing
                .eventProcessor(BalanceProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        long position = status.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
        return new ProjectionResponse(BalanceProjection.PROCESSING_GROUP, views.collectionName(), position, head,
                Math.max(0, head - position), status.keySet().stream().sorted().toList());
    }

    private static ResponseEntity<ProblemDetail> unknown(String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "there is no projection " + name);
        problem.setProperty("code", "projection-not-found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
