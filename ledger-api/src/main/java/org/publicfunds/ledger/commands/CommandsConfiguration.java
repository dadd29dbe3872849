package org.publicfunds.ledger.commands;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The commands' part of Axon's wiring: what every event a command causes records of it. */
@Configuration
class CommandsConfiguration {

    @Bean
    CorrelationDataProvider issuedBy() {
        return CommandMetadata.provider();
    }
}
