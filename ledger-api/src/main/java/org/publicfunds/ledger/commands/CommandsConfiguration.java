package org.publicfunds.ledger.commands;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.CommittedPositions;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.LedgerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The commands' part of Axon's wiring: what every event a command causes records of it. */
@Configuration
class CommandsConfiguration {

    /** Axon's gateway with its retry of commands that met a concurrent change (ConflictRetry). */
    @Bean
    ConflictRetry conflictRetry() {
        return new ConflictRetry();
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetry conflictRetry) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(conflictRetry)
                .build();
    }

    @Bean
    CommandDispatcher commandDispatcher(
            CommandGateway gateway,
            CommittedPositions positions,
            LedgerViewStore views,
            EventLog events,
            LedgerProperties properties,
            MeterRegistry meters) {
        return new CommandDispatcher(
                gateway,
                positions,
                views,
                events,
                properties.readYourWritesTimeout(),
                properties.commands().retryPause(),
                properties.storeTimeout().multipliedBy(2),
                meters);
    }

    @Bean
    CorrelationDataProvider issuedBy() {
        return CommandMetadata.provider();
    }
}
