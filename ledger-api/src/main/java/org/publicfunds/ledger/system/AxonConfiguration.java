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
import org.publicfunds.ledger.eventstore.NodeLease;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers the domain with Axon: the arrangement aggregate, event-sourced from the store and
 * kept in a cache so a long history is not replayed per command, and the balance projection in
 * its own streaming processing group.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /** This run's hold on its node id: refused at start while another live instance has the same id. */
    @Bean(destroyMethod = "close")
    NodeLease nodeLease(
            MongoDatabase database, LedgerProperties properties, @Value("${server.port:8080}") String port) {
        return NodeLease.acquire(database, Node.of(properties.nodeId(), port).name());
    }

    @Bean
    Node node(NodeLease lease) {
        return new Node(lease.node());
    }

    /**
     * {@code nodeLease} in {@code /actuator/health} and readiness: DOWN once another run took this
     * node id over (this one looked dead); it then answers nothing from memory either.
     */
    @Bean
    HealthIndicator nodeLeaseHealthIndicator(NodeLease lease) {
        return () -> (lease.lost()
                        ? Health.down().withDetail("problem", "another run took this node id over")
                        : Health.up())
                .withDetail("node", lease.node())
                .build();
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

    /**
     * An instance must be able to process every segment of the balances: with fewer threads than
     * segments a tracking processor never takes the segment of an instance that died, and every
     * command on its arrangements waits out read-your-writes (trust review 2, partitions).
     */
    @Bean
    ConfigurerModule processingGroups(Environment environment) {
        String processor = "axon.eventhandling.processors." + BalanceProjection.PROCESSING_GROUP + ".";
        int threads = environment.getProperty(processor + "thread-count", Integer.class, 1);
        int segments = environment.getProperty(processor + "initial-segment-count", Integer.class, 1);
        if (threads < segments) {
            throw new IllegalStateException(processor + "thread-count is " + threads + " but initial-segment-count is "
                    + segments + ": an instance must have a thread for every segment, to take over those of an "
                    + "instance that stopped; set thread-count to at least " + segments);
        }
        return processingGroups();
    }

    private static ConfigurerModule processingGroups() {
        return configurer -> configurer
                .eventProcessing()
                .assignHandlerTypesMatching(BalanceProjection.PROCESSING_GROUP, type -> type == BalanceProjection.class)
                // a handler that fails (a view that could not be read) fails the batch, which is delivered again;
                // Axon's default logs and goes on, which would store the token past events the views never saw
                .registerListenerInvocationErrorHandler(
                        BalanceProjection.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}
