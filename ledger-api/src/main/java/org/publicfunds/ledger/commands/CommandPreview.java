package org.publicfunds.ledger.commands;

import java.util.ArrayList;
import java.util.List;
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
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.UnknownArrangement;
import org.springframework.stereotype.Component;

/**
 * What a command would record, without storing anything (a what-if review, an import's dry
 * run): the arrangement is rebuilt from its stored events by Axon's own aggregate machinery, the
 * command is handled by the same command handler as a real one (so it is refused with the same
 * errors), and the events it would record go to a private event bus instead of the store.
 */
@Component
class CommandPreview {

    private static final int CHUNK = 1_000;

    private final EventLog events;
    private final AggregateModel<Arrangement> model =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(Arrangement.class);
    private final GenericAggregateFactory<Arrangement> factory = new GenericAggregateFactory<>(model);

    CommandPreview(EventLog events) {
        this.events = events;
    }

    /** The arrangement's stored events up to sequence {@code last}, read a chunk at a time. */
    List<EventLog.PositionedEvent> history(String id, long last) {
        List<EventLog.PositionedEvent> history = new ArrayList<>();
        for (long from = 0; from <= last; from += CHUNK) {
            history.addAll(events.events(id, from, Math.min(last, from + CHUNK - 1)));
        }
        return history;
    }

    /** The events the command would record on the arrangement as stored now; a rule it breaks is thrown. */
    List<EventMessage<?>> wouldRecord(String id, Object command) {
        long last = events.sequenceAt(id, events.headPosition());
        if (last < 0) {
            throw new UnknownArrangement(id);
        }
        return wouldRecord(id, history(id, last), command);
    }

    /** The events the command's handler applies to the arrangement with this history; a rule it breaks is thrown. */
    List<EventMessage<?>> wouldRecord(String id, List<EventLog.PositionedEvent> history, Object command) {
        List<GenericDomainEventMessage<?>> stored = history.stream()
                .map(e -> new GenericDomainEventMessage<>("Arrangement", id, e.sequence(), e.payload()))
                .<GenericDomainEventMessage<?>>map(m -> m)
                .toList();
        SimpleEventBus privateBus = SimpleEventBus.builder().build();
        List<EventMessage<?>> applied = new ArrayList<>();
        privateBus.subscribe(applied::addAll);
        GenericCommandMessage<Object> message = new GenericCommandMessage<>(command);
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            EventSourcedAggregate<Arrangement> arrangement = EventSourcedAggregate.initialize(
                    factory.createAggregateRoot(id, stored.get(0)),
                    model,
                    privateBus,
                    NoSnapshotTriggerDefinition.TRIGGER);
            arrangement.initializeState(DomainEventStream.of(stored));
            arrangement.handle(message);
            unitOfWork.commit();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw new IllegalStateException("the command could not be previewed", e);
        }
        return applied;
    }
}
