package org.publicfunds.ledger.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The event store, its serializers (Jackson, readable documents) and the token store, all in MongoDB. */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    @Bean
    @Primary
    Serializer serializer() {
        return jackson();
    }

    @Bean
    @Qualifier("eventSerializer") Serializer eventSerializer() {
        return jackson();
    }

    @Bean
    @Qualifier("messageSerializer") Serializer messageSerializer() {
        return jackson();
    }

    private static Serializer jackson() {
        return LedgerJackson.serializer();
    }

    /** The one clock that stamps when events are recorded; tests replace it. */
    @Bean
    RecordClock recordClock() {
        return new RecordClock(Clock.systemUTC());
    }

    @Bean
    CommittedPositions committedPositions() {
        return new CommittedPositions();
    }

    @Bean(destroyMethod = "flushHint")
    MongoEventStorageEngine eventStorageEngine(
            MongoDatabase database,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer snapshotSerializer,
            CommittedPositions positions,
            RecordClock recordClock,
            MeterRegistry meters) {
        Counter appended = Counter.builder("ledger.events.appended")
                .description("events this instance stored")
                .register(meters);
        return MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .appendListener((commits, first) -> {
                    positions.appended(commits, first);
                    appended.increment(commits.stream().mapToInt(List::size).sum());
                })
                .clock(recordClock)
                .build();
    }

    /** This host's clock checked against the store's (trust review 2, O3). */
    @Bean(destroyMethod = "close")
    StoreClock storeClock(MongoDatabase database, MeterRegistry meters) {
        StoreClock clock = new StoreClock(database, Clock.systemUTC()).start();
        Gauge.builder("ledger.clock.skew", clock, c -> c.skewMillis() / 1000.0)
                .description("seconds this host's clock is ahead of the store's (behind if negative); balances are "
                        + "not answered from memory while it is over 1 s")
                .baseUnit("seconds")
                .register(meters);
        return clock;
    }

    /** The wall clock's step ahead of the time events are recorded at (trust review 2, R3): alert on anything above 0. */
    @Bean
    Gauge clockAhead(MongoEventStorageEngine engine, MeterRegistry meters) {
        return Gauge.builder("ledger.clock.ahead", engine, e -> e.clockAheadMillis() / 1000.0)
                .description("seconds the host's clock is ahead of the time events are recorded at: a step ahead "
                        + "that record times do not follow; 0 normally")
                .baseUnit("seconds")
                .register(meters);
    }

    /** The application's reads of the history: every reader depends on this, never on the engine. */
    @Bean
    EventLog eventLog(MongoEventStorageEngine engine) {
        return engine.eventLog();
    }

    /**
     * Axon's embedded event store over our engine. Its producer is woken by local commits, but a
     * processor that starts behind reads through a private stream that only polls: every 50 ms
     * here instead of Axon's default second, which read-your-writes would otherwise wait out.
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore") EmbeddedEventStore eventStore(
            MongoEventStorageEngine engine, org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(engine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(50)
                .build();
    }

    @Bean
    TokenStore tokenStore(MongoClient client, MongoDatabase database, Serializer serializer, Node node) {
        return new AfterCommitTokenStore(MongoTokenStore.builder()
                // tokens and claims stay durable (j: true): a token forced after a batch makes its views (written with
                // j: false) durable too, and an instance that outlives a lost claim or token would otherwise go on
                // from a position the store has forgotten
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client, database.getName())
                        .build())
                .serializer(serializer)
                .claimTimeout(AfterCommitTokenStore.CLAIM_TIMEOUT)
                .nodeId(node.name())
                .build());
    }
}
