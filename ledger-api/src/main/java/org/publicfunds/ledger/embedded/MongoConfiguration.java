package org.publicfunds.ledger.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.ReadConcernLevel;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Connects to the MongoDB named by {@code spring.data.mongodb.uri}, or, when none is configured,
 * starts the embedded server on {@code ledger.data-dir} and connects to that. Every collection
 * (events, tokens, views, idempotency records) is written with majority write concern and
 * journaling and read with majority read concern: on a replica set nothing the ledger read or
 * was told is stored can be rolled back by a failover. A URI that asks for less is refused.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MongoConfiguration.class);

    /** Holds the embedded server when one runs; closed after the client. */
    record Store(MongoClient client, MongoDatabase database, EmbeddedMongoServer embedded) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    Store ledgerStore(@Value("${spring.data.mongodb.uri:}") String uri,
                      @Value("${ledger.data-dir:./data}") String dataDir,
                      @Value("${ledger.embedded.in-memory:false}") boolean inMemory,
                      @Value("${ledger.embedded.port:0}") int port,
                      @Value("${ledger.database:ledger}") String databaseName,
                      @Value("${ledger.embedded.fsync:true}") boolean fsync,
                      org.springframework.core.env.ConfigurableEnvironment environment) {
        EmbeddedMongoServer embedded = null;
        ConnectionString connection;
        if (StringUtils.hasText(uri)) {
            connection = new ConnectionString(uri);
            log.info("using the MongoDB at {}", connection.getHosts());
        } else {
            embedded = EmbeddedMongoServer.start(EmbeddedMongoServer.Options.in(inMemory ? null : Path.of(dataDir))
                    .port(port).fsync(fsync));
            connection = new ConnectionString(embedded.connectionString());
            // like local.server.port: where another instance can reach this store
            environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("ledger-embedded",
                    java.util.Map.of("local.mongo.port", embedded.port())));
        }
        MongoClient client = MongoClients.create(settings(connection));
        String name = connection.getDatabase() != null ? connection.getDatabase() : databaseName;
        return new Store(client, client.getDatabase(name), embedded);
    }

    /**
     * The client settings for a connection string: majority write concern with journaling and
     * majority read concern unless it asks for them (or for linearizable reads) itself.
     *
     * @throws IllegalStateException for anything weaker, saying what to set
     */
    static MongoClientSettings settings(ConnectionString connection) {
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
        ReadConcern read = connection.getReadConcern();
        ReadConcernLevel level = read == null ? null : read.getLevel();
        if (level == null) {
            read = ReadConcern.MAJORITY;
        } else if (level != ReadConcernLevel.MAJORITY && level != ReadConcernLevel.LINEARIZABLE) {
            throw weaker("readConcernLevel=" + level.getValue());
        }
        return MongoClientSettings.builder().applyConnectionString(connection).writeConcern(write).readConcern(read).build();
    }

    private static IllegalStateException weaker(String asked) {
        return new IllegalStateException("spring.data.mongodb.uri asks for " + asked + ", which can lose or reorder "
                + "acknowledged entries after a failover: the ledger needs w=majority&journal=true&readConcernLevel=majority "
                + "(leave them out of the URI to get exactly that)");
    }

    @Bean(destroyMethod = "")
    MongoClient mongoClient(Store store) {
        return store.client();
    }

    @Bean
    MongoDatabase ledgerDatabase(Store store) {
        return store.database();
    }

    /**
     * {@code embeddedStore} in {@code /actuator/health}: DOWN once the embedded server stopped after
     * a failed write to its files (a restart recovers from them); failed checkpoints are counted.
     */
    @Bean
    HealthIndicator embeddedStore(Store store, MeterRegistry meters) {
        EmbeddedMongoServer embedded = store.embedded();
        if (embedded == null) {
            return () -> Health.up().withDetail("store", "mongodb").build();
        }
        Gauge.builder("ledger.embedded.checkpoint.failures", embedded, EmbeddedMongoServer::checkpointFailures)
                .description("checkpoints of the embedded store that failed (the write-ahead log is kept until one succeeds)")
                .register(meters);
        return () -> {
            String stopped = embedded.stoppedBecause();
            Health.Builder health = stopped == null ? Health.up() : Health.down().withDetail("stopped", stopped);
            health.withDetail("store", "embedded").withDetail("checkpointFailures", embedded.checkpointFailures());
            if (embedded.lastCheckpointFailure() != null) {
                health.withDetail("lastCheckpointFailure", embedded.lastCheckpointFailure());
            }
            return health.build();
        };
    }
}
