package org.publicfunds.ledger.system;

import com.mongodb.client.MongoDatabase;
import javax.cache.CacheManager;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.publicfunds.ledger.arrangement.Arrangement;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.Node;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the domain with Axon: the arrangement aggregate, event-sourced from the store and
 * kept in a cache so a long history is not replayed per command, and the balance projection in
 * its own streaming processing group.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    @Bean
    Node node(LedgerProperties properties, @Value("${server.port:8080}") String port) {
        return Node.of(properties.nodeId(), port);
    }

    @Bean
    CacheManager aggregateCacheManager() {
        return AggregateCaches.manager();
    }

    @Bean
    Cache arrangementCache(CacheManager aggregateCacheManager, LedgerProperties properties, EventLog events) {
        return new StaleEntryProbe(
                AggregateCaches.bounded(aggregateCacheManager, "arrangements", properties.aggregateCacheSize()),
                events::hasEvent);
    }

    @Bean
    ConfigurerModule arrangementAggregate(Cache arrangementCache) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(Arrangement.class).configureCache(c -> arrangementCache));
    }

    @Bean
    LedgerViewStore ledgerViewStore(MongoDatabase database) {
        return LedgerViewStore.following(database, BalanceProjection.PROCESSING_GROUP, "balance_views");
    }

    @Bean
    BalanceProjection balanceProjection(LedgerViewStore store) {
        return new BalanceProjection(store);
    }

    @Bean
    ConfigurerModule processingGroups() {
        return configurer -> configurer
                .eventProcessing()
                .assignHandlerTypesMatching(BalanceProjection.PROCESSING_GROUP, type -> type == BalanceProjection.class)
                // a handler that fails (a view that could not be read) fails the batch, which is delivered again;
                // Axon's default logs and goes on, which would store the token past events the views never saw
                .registerListenerInvocationErrorHandler(
                        BalanceProjection.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}
