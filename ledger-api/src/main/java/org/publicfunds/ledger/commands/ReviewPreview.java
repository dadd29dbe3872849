package org.publicfunds.ledger.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.publicfunds.ledger.arrangement.Arrangement;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ReviewArrangement;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.balances.BalancesResponse;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.stereotype.Component;

/**
 * What a review would do (LEDGER.md 8.7), without storing anything: the arrangement is rebuilt
 * from its stored events by Axon's own aggregate machinery, the review is handled by the same
 * command handler as a real one (so it is refused with the same errors), and the events it would
 * record go to a private event bus instead of the store. The balances are folded from the same
 * history, once as they are and once with those events, and compared field by field.
 */
@Component
class ReviewPreview {

    private static final int CHUNK = 1_000;

    private final EventLog events;
    private final ObjectMapper json;
    private final AggregateModel<Arrangement> model =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(Arrangement.class);
    private final GenericAggregateFactory<Arrangement> factory = new GenericAggregateFactory<>(model);

    ReviewPreview(EventLog events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    /** The balances as they would be just after the review, and every field it would change. */
    ReviewPreviewResponse preview(String id, ReviewArrangement review) {
        long last = events.sequenceAt(id, events.headPosition());
        if (last < 0) {
            throw new UnknownArrangement(id);
        }
        List<EventLog.PositionedEvent> history = new ArrayList<>();
        for (long from = 0; from <= last; from += CHUNK) {
            history.addAll(events.events(id, from, Math.min(last, from + CHUNK - 1)));
        }
        LedgerView now = null;
        for (EventLog.PositionedEvent event : history) {
            now = LedgerView.fold(now, (ArrangementEvent) event.payload(), event.position(), event.createdAt());
        }
        LedgerView after = now;
        for (EventMessage<?> event : wouldRecord(id, history, review)) {
            after = LedgerView.fold(after, (ArrangementEvent) event.getPayload(), now.position(), now.openedAt());
        }
        BalancesResponse before = BalancesResponse.of(Balances.of(now, null, null), null);
        BalancesResponse then = BalancesResponse.of(Balances.of(after, null, null), null);
        return new ReviewPreviewResponse(then, changes(before, then));
    }

    /** The events the review's command handler applies to the arrangement as stored; a rule it breaks is thrown. */
    private List<EventMessage<?>> wouldRecord(
            String id, List<EventLog.PositionedEvent> history, ReviewArrangement review) {
        List<GenericDomainEventMessage<?>> stored = history.stream()
                .map(e -> new GenericDomainEventMessage<>("Arrangement", id, e.sequence(), e.payload()))
                .<GenericDomainEventMessage<?>>map(m -> m)
                .toList();
        SimpleEventBus privateBus = SimpleEventBus.builder().build();
        List<EventMessage<?>> applied = new ArrayList<>();
        privateBus.subscribe(applied::addAll);
        GenericCommandMessage<ReviewArrangement> command = new GenericCommandMessage<>(review);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        try {
            EventSourcedAggregate<Arrangement> arrangement = EventSourcedAggregate.initialize(
                    factory.createAggregateRoot(id, stored.get(0)),
                    model,
                    privateBus,
                    NoSnapshotTriggerDefinition.TRIGGER);
            arrangement.initializeState(DomainEventStream.of(stored));
            arrangement.handle(command);
            unitOfWork.commit();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw new IllegalStateException("the review could not be previewed", e);
        }
        return applied;
    }

    /** Every field of the rows and contributor rows that differs, keyed by funder, contributor and year. */
    private List<ReviewPreviewResponse.Change> changes(BalancesResponse before, BalancesResponse after) {
        List<ReviewPreviewResponse.Change> changes = new ArrayList<>();
        compare(json.valueToTree(before).get("rows"), json.valueToTree(after).get("rows"), false, changes);
        compare(
                json.valueToTree(before).get("contributors"),
                json.valueToTree(after).get("contributors"),
                true,
                changes);
        return changes;
    }

    private static void compare(
            JsonNode before, JsonNode after, boolean contributors, List<ReviewPreviewResponse.Change> into) {
        Map<String, JsonNode> old = keyed(before, contributors);
        Map<String, JsonNode> now = keyed(after, contributors);
        Map<String, JsonNode> all = new LinkedHashMap<>(old);
        now.forEach(all::putIfAbsent);
        for (Map.Entry<String, JsonNode> row : all.entrySet()) {
            JsonNode was = old.get(row.getKey());
            JsonNode is = now.get(row.getKey());
            JsonNode any = is != null ? is : was;
            List<String> fields = new ArrayList<>();
            any.fieldNames().forEachRemaining(fields::add);
            if (was != null) {
                was.fieldNames().forEachRemaining(f -> {
                    if (!fields.contains(f)) {
                        fields.add(f);
                    }
                });
            }
            for (String field : fields) {
                if (field.equals("funder") || field.equals("contributor") || field.equals("fiscalYear")) {
                    continue;
                }
                String from = text(was, field);
                String to = text(is, field);
                if (!Objects.equals(from, to)) {
                    into.add(new ReviewPreviewResponse.Change(
                            any.get("funder").asText(),
                            contributors ? any.get("contributor").asText() : null,
                            any.get("fiscalYear").asText(),
                            field,
                            from,
                            to));
                }
            }
        }
    }

    private static Map<String, JsonNode> keyed(JsonNode rows, boolean contributors) {
        Map<String, JsonNode> keyed = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String key = row.get("funder").asText() + "\u0000"
                    + (contributors ? row.get("contributor").asText() : "") + "\u0000"
                    + row.get("fiscalYear").asText();
            keyed.put(key, row);
        }
        return keyed;
    }

    private static String text(JsonNode row, String field) {
        return row == null || !row.hasNonNull(field) ? null : row.get(field).asText();
    }
}
