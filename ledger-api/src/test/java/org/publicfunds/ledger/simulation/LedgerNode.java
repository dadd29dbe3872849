package org.publicfunds.ledger.simulation;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.publicfunds.ledger.arrangement.Arrangement;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.commands.CommandDispatcher;
import org.publicfunds.ledger.commands.CommandMetadata;
import org.publicfunds.ledger.commands.ConflictRetry;
import org.publicfunds.ledger.eventstore.AfterCommitTokenStore;
import org.publicfunds.ledger.eventstore.CommittedPositions;
import org.publicfunds.ledger.eventstore.LedgerJackson;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.publicfunds.ledger.idempotency.IdempotencyRecords;
import org.publicfunds.ledger.system.AggregateCaches;
import org.publicfunds.ledger.system.StaleEntryProbe;

/**
 * One ledger instance without its HTTP layer, wired from the same parts as the service
 * (AxonConfiguration, EventStoreConfiguration, IdempotencyConfiguration): the event storage
 * engine and its group writer, the arrangement aggregate behind the aggregate cache, the balance
 * projection in a two-segment tracking processor with the after-commit token store, the command
 * dispatcher with its request keys and read-your-writes wait, and the idempotency records. Its
 * driver goes through {@link FaultyMongo}, so every write it makes can be failed.
 */
public final class LedgerNode implements AutoCloseable {

    public final String name;
    public final MongoClient client;
    public final MongoDatabase database;
    public final MongoEventStorageEngine engine;
    public final LedgerViewStore views;
    public final IdempotencyRecords records;
    public final CommandDispatcher dispatcher;
    private final Configuration axon;

    private LedgerNode(
            String name,
            MongoClient client,
            MongoDatabase database,
            MongoEventStorageEngine engine,
            LedgerViewStore views,
            IdempotencyRecords records,
            CommandDispatcher dispatcher,
            Configuration axon) {
        this.name = name;
        this.client = client;
        this.database = database;
        this.engine = engine;
        this.views = views;
        this.records = records;
        this.dispatcher = dispatcher;
        this.axon = axon;
    }

    /**
     * @param threads the processor's threads: 2 takes both segments, 1 leaves one to another node
     */
    public static LedgerNode start(
            String name,
            String connectionString,
            FaultyMongo.Faults faults,
            Clock clock,
            int threads,
            Duration readYourWritesTimeout) {
        MongoClient real = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .applyToSocketSettings(
                        s -> s.connectTimeout(200, TimeUnit.MILLISECONDS).readTimeout(10, TimeUnit.SECONDS))
                // a store that went away is noticed quickly: the simulator restarts it between steps
                .applyToClusterSettings(s -> s.serverSelectionTimeout(100, TimeUnit.MILLISECONDS))
                .build());
        MongoClient client = FaultyMongo.client(real, faults);
        MongoDatabase database = client.getDatabase("ledger");
        Serializer serializer = LedgerJackson.serializer();
        CommittedPositions positions = new CommittedPositions();
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .appendListener(positions)
                .clock(clock)
                .build();
        LedgerViewStore views = new LedgerViewStore(database, "balance_views");
        MongoTokenStore tokens = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client, "ledger")
                        .build())
                .serializer(serializer)
                .claimTimeout(Duration.ofSeconds(3))
                .nodeId(name)
                .build();
        CacheManager caches = AggregateCaches.manager();
        ConflictRetry conflictRetry = new ConflictRetry();
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEventStore(c -> EmbeddedEventStore.builder()
                        .storageEngine(engine)
                        .fetchDelay(50)
                        .build())
                .registerComponent(
                        CommandGateway.class,
                        c -> DefaultCommandGateway.builder()
                                .commandBus(c.commandBus())
                                .retryScheduler(conflictRetry)
                                .build())
                .configureCorrelationDataProviders(c -> List.of(CommandMetadata.provider()))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Arrangement.class)
                        .configureCache(c -> new StaleEntryProbe(
                                AggregateCaches.bounded(caches, "arrangements", 1024), engine.eventLog()::hasEvent)))
                .eventProcessing(processing -> processing
                        .assignHandlerTypesMatching(
                                BalanceProjection.PROCESSING_GROUP, type -> type == BalanceProjection.class)
                        .registerListenerInvocationErrorHandler(
                                BalanceProjection.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
                        .registerTrackingEventProcessor(
                                BalanceProjection.PROCESSING_GROUP,
                                c -> c.eventStore(),
                                c -> TrackingEventProcessorConfiguration.forParallelProcessing(threads)
                                        .andInitialSegmentsCount(2)
                                        .andBatchSize(100)
                                        // stops quicker than the service's (1 s), so that the simulator restarts
                                        // quickly
                                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS)
                                        .andWorkerTerminationTimeout(200, TimeUnit.MILLISECONDS))
                        .registerEventHandler(c -> new BalanceProjection(views))
                        .registerTokenStore(
                                BalanceProjection.PROCESSING_GROUP,
                                c -> Boolean.getBoolean("simulation.tokenFirst")
                                        ? tokens
                                        : new AfterCommitTokenStore(tokens, Duration.ofSeconds(3))));
        configurer.onShutdown(caches::close);
        Configuration axon = configurer.buildConfiguration();
        axon.start();
        IdempotencyRecords records = new IdempotencyRecords(database, clock, name, Duration.ofSeconds(30));
        CommandDispatcher dispatcher = new CommandDispatcher(
                axon.commandGateway(),
                positions,
                views,
                engine.eventLog(),
                readYourWritesTimeout,
                Duration.ofMillis(5),
                // the service's two store timeouts; the simulator's store answers or goes away at once
                Duration.ofSeconds(10),
                new SimpleMeterRegistry());
        return new LedgerNode(name, client, database, engine, views, records, dispatcher, axon);
    }

    /** Stops the processor and the driver (a clean stop, or what is left of a crashed one). */
    @Override
    public void close() {
        try {
            axon.shutdown();
        } catch (RuntimeException e) {
            // a node whose store went away stops with errors
        }
        client.close();
    }
}
