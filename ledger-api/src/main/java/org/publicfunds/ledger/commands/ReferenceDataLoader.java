package org.publicfunds.ledger.commands;

import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.RegisterDecision;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.system.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On start, records the reference case (what of it is not stored yet) through the same commands a
 * finance user would send, as principal {@code system}. Off with {@code ledger.reference-data=false}.
 */
@Component
class ReferenceDataLoader {

    private static final Logger log = LoggerFactory.getLogger(ReferenceDataLoader.class);

    private final CommandDispatcher commands;
    private final boolean enabled;

    @Autowired
    ReferenceDataLoader(CommandDispatcher commands, LedgerProperties properties) {
        this(commands, properties.referenceData());
    }

    ReferenceDataLoader(CommandDispatcher commands, boolean enabled) {
        this.commands = commands;
        this.enabled = enabled;
    }

    /**
     * Each command has keys of its own, so a start after a crash in the middle of loading sends
     * only what is missing: the stored ones are found by their keys and not sent again.
     */
    @EventListener(ApplicationReadyEvent.class)
    void loadIntoAnEmptyStore() {
        if (!enabled) {
            return;
        }
        List<Object> commands = ReferenceData.commands();
        try {
            for (int i = 0; i < commands.size(); i++) {
                send(i);
            }
            log.info("the reference arrangement {} (decision ADD2634) is loaded", ReferenceData.CTPN);
        } catch (AggregateStreamCreationException e) {
            log.info("the reference arrangement {} was created otherwise; not loaded", ReferenceData.CTPN);
        }
    }

    /** Sends the reference command number {@code i} under its own keys; found, not sent again, if it is stored. */
    CommandDispatcher.Committed send(int i) {
        Object command = ReferenceData.commands().get(i);
        String name = ReferenceData.NAMES.get(i);
        RequestIdentity identity = new RequestIdentity(List.of(RequestKeys.idempotencyKey("system", name)), name, true);
        if (command instanceof RegisterDecision decision) {
            identity = identity.and(
                    RequestKeys.decision(
                            decision.arrangementId().value(),
                            decision.decisionRef().value()),
                    true);
        }
        if (command instanceof CommitFunding commitment) {
            identity = identity.and(
                    RequestKeys.entry(
                            commitment.arrangementId().value(),
                            commitment.entryId().value()),
                    true);
        }
        return commands.dispatch(
                ReferenceData.CTPN.value(),
                command,
                Map.of("principal", "system", "correlationId", "reference-data", "decisionRef", "ADD2634"),
                identity);
    }
}
