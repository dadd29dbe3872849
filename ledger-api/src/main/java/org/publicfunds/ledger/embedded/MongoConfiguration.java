package org.publicfunds.ledger.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadConcernLevel;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.publicfunds.ledger.system.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The MongoDB the ledger uses: Spring Boot's own client ({@code spring.data.mongodb.uri}), or,
 * when no URI is configured, the embedded server started on {@code ledger.data-dir}, handed to
 * Boot as its {@link MongoConnectionDetails}. Every collection (events, tokens, views,
 * idempotency records) is written with majority write concern and journaling and read with
 * majority read concern: on a replica set nothing the ledger read or was told is stored can be
 * rolled back by a failover. A URI that asks for less stops the start.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    /** True when no {@code spring.data.mongodb.uri} is set: the embedded server is the store. */
    static final class NoMongoUri implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.data.mongodb.uri"));
        }
    }

    /** Closed after Boot's client, which depends on it through the connection details. */
    @Bean(destroyMethod = "close")
    @Conditional(NoMongoUri.class)
    EmbeddedMongoServer embeddedMongoServer(LedgerProperties properties, ConfigurableEnvironment environment) {
        LedgerProperties.Embedded settings = properties.embedded();
        EmbeddedMongoServer embedded = EmbeddedMongoServer.start(
                EmbeddedMongoServer.Options.in(settings.inMemory() ? null : Path.of(properties.dataDir()))
                        .port(settings.port())
                        .fsync(settings.fsync()));
        // like local.server.port: where another instance can reach this store
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("ledger-embedded", Map.of("local.mongo.port", embedded.port())));
        return embedded;
    }

    @Bean
    @Conditional(NoMongoUri.class)
    MongoConnectionDetails embeddedConnectionDetails(EmbeddedMongoServer embedded) {
        ConnectionString connection = new ConnectionString(embedded.connectionString());
        return () -> connection;
    }

    /** Applied after Boot's own customizer, which reads the URI: majority and journaling unless the URI asks for them. */
    @Bean
    MongoClientSettingsBuilderCustomizer majorityWritesAndReads(
            MongoConnectionDetails connection, LedgerProperties properties) {
        ConnectionString uri = connection.getConnectionString();
        MongoClientSettings durable = settings(uri, properties.storeTimeout());
        log.info(
                "MongoDB at {}: majority writes with journaling, majority reads; operations bounded by {} ms",
                uri.getHosts(),
                durable.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS));
        return new OrderedCustomizer(builder -> builder.writeConcern(durable.getWriteConcern())
                .readConcern(durable.getReadConcern())
                .applyToSocketSettings(socket -> socket.applySettings(durable.getSocketSettings()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                        durable.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS),
                        TimeUnit.MILLISECONDS)));
    }

    /** Boot's customizer runs at order 0; this one after it. */
    private record OrderedCustomizer(MongoClientSettingsBuilderCustomizer customizer)
            implements MongoClientSettingsBuilderCustomizer, Ordered {
        @Override
        public void customize(MongoClientSettings.Builder builder) {
            customizer.customize(builder);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** The URI's database, else {@code spring.data.mongodb.database}, else {@code ledger.database}. */
    @Bean
    MongoDatabase ledgerDatabase(
            MongoClient client, MongoConnectionDetails connection, MongoProperties mongo, LedgerProperties properties) {
        String name = connection.getConnectionString().getDatabase();
        if (name == null) {
            name = mongo.getDatabase() != null ? mongo.getDatabase() : properties.database();
        }
        return client.getDatabase(name);
    }

    /**
     * The client settings for a connection string: majority write concern with journaling and
     * majority read concern unless it asks for them (or for linearizable reads) itself.
     *
     * @throws IllegalStateException for anything weaker, saying what to set
     */
    static MongoClientSettings settings(ConnectionString connection) {
        return settings(connection, Duration.ofSeconds(5));
    }

    /**
     * The same, with every wait bounded unless the URI bounds it (trust review 2, partitions): a
     * store that cannot be reached, or is slow, is a 503 in bounded time, never a request that
     * hangs until the client gives up. A connection in 2 s, a server chosen in at most 3 s, a
     * socket read and a majority write's wait in {@code storeTimeout}.
     */
    static MongoClientSettings settings(ConnectionString connection, Duration storeTimeout) {
        WriteConcern write = connection.getWriteConcern();
        if (write == null) {
            write = WriteConcern.MAJORITY.withJournal(true);
        } else {
            Object w = write.getWObject();
            if (w != null && !"majority".equals(w)) {
                throw weaker("w=" + w);
            }
            if (Boolean.FALSE.equals(write.getJournal())) {
                throw weaker("journal=false");
            }
            write = write.withW("majority").withJournal(true);
        }
        if (write.getWTimeout(TimeUnit.MILLISECONDS) == null) {
            write = write.withWTimeout(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ReadConcern read = connection.getReadConcern();
        ReadConcernLevel level = read == null ? null : read.getLevel();
        if (level == null) {
            read = ReadConcern.MAJORITY;
        } else if (level != ReadConcernLevel.MAJORITY && level != ReadConcernLevel.LINEARIZABLE) {
            throw weaker("readConcernLevel=" + level.getValue());
        }
        long timeout = storeTimeout.toMillis();
        return MongoClientSettings.builder()
                .applyToSocketSettings(
                        socket -> socket.connectTimeout((int) Math.min(2_000, timeout), TimeUnit.MILLISECONDS)
                                .readTimeout((int) timeout, TimeUnit.MILLISECONDS))
                .applyToClusterSettings(
                        cluster -> cluster.serverSelectionTimeout(Math.min(3_000, timeout), TimeUnit.MILLISECONDS))
                // what the URI says about any of these wins
                .applyConnectionString(connection)
                .writeConcern(write)
                .readConcern(read)
                .build();
    }

    private static IllegalStateException weaker(String asked) {
        return new IllegalStateException("spring.data.mongodb.uri asks for " + asked + ", which can lose or reorder "
                + "acknowledged entries after a failover: the ledger needs w=majority&journal=true&readConcernLevel=majority "
                + "(leave them out of the URI to get exactly that)");
    }

    /**
     * {@code embeddedStore} in {@code /actuator/health}: DOWN once the embedded server stopped after
     * a failed write to its files (a restart recovers from them); failed checkpoints are counted.
     */
    @Bean
    HealthIndicator embeddedStore(ObjectProvider<EmbeddedMongoServer> server, MeterRegistry meters) {
        EmbeddedMongoServer embedded = server.getIfAvailable();
        if (embedded == null) {
            return () -> Health.up().withDetail("store", "mongodb").build();
        }
        Gauge.builder("ledger.embedded.checkpoint.failures", embedded, EmbeddedMongoServer::checkpointFailures)
                .description(
                        "checkpoints of the embedded store that failed (the write-ahead log is kept until one succeeds)")
                .register(meters);
        return () -> {
            String stopped = embedded.stoppedBecause();
            Health.Builder health =
                    stopped == null ? Health.up() : Health.down().withDetail("stopped", stopped);
            health.withDetail("store", "embedded").withDetail("checkpointFailures", embedded.checkpointFailures());
            if (embedded.lastCheckpointFailure() != null) {
                health.withDetail("lastCheckpointFailure", embedded.lastCheckpointFailure());
            }
            return health.build();
        };
    }
}
