package org.publicfunds.ledger.reference;

import java.util.Map;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.publicfunds.ledger.web.CommandDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On first start with an empty store, records the reference case through the same commands a
 * finance user would send, as principal {@code system}. Off with {@code ledger.reference-data=false}.
 */
@Component
@ConditionalOnProperty(name = "ledger.reference-data", havingValue = "true", matchIfMissing = true)
class ReferenceDataLoader {

    private static final Logger log = LoggerFactory.getLogger(ReferenceDataLoader.class);

    private final MongoEventStorageEngine store;
    private final CommandDispatcher commands;

    ReferenceDataLoader(MongoEventStorageEngine store, CommandDispatcher commands) {
        this.store = store;
        this.commands = commands;
    }

    @EventListener(ApplicationReadyEvent.class)
    void loadIntoAnEmptyStore() {
        if (store.headPosition() > 0) {
            return;
        }
        try {
            for (Object command : ReferenceData.commands()) {
                commands.dispatch(ReferenceData.CTPN.value(), command,
                        Map.of("principal", "system", "correlationId", "reference-data", "decisionRef", "ADD2634"));
            }
            log.info("loaded the reference arrangement {} (decision ADD2634)", ReferenceData.CTPN);
        } catch (AggregateStreamCreationException e) {
            log.info("the reference arrangement was loaded by another instance");
        }
    }
}
