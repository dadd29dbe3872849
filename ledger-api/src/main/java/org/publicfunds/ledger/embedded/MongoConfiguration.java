package org.publicfunds.ledger.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Connects to the MongoDB named by {@code spring.data.mongodb.uri}, or, when none is configured,
 * starts the embedded server on {@code ledger.data-dir} and connects to that.
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
                      @Value("${ledger.embedded.durable-collections:events,events_head,idempotency_keys}") java.util.Set<String> durable,
                      @Value("${ledger.embedded.fsync:false}") boolean fsync,
                      org.springframework.core.env.ConfigurableEnvironment environment) {
        EmbeddedMongoServer embedded = null;
        ConnectionString connection;
        if (StringUtils.hasText(uri)) {
            connection = new ConnectionString(uri);
            log.info("using the MongoDB at {}", connection.getHosts());
        } else {
            embedded = EmbeddedMongoServer.start(inMemory ? null : Path.of(dataDir), port, durable, fsync);
            connection = new ConnectionString(embedded.connectionString());
            // like local.server.port: where another instance can reach this store
            environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("ledger-embedded",
                    java.util.Map.of("local.mongo.port", embedded.port())));
        }
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(connection)
                .writeConcern(connection.getWriteConcern() != null ? connection.getWriteConcern() : WriteConcern.MAJORITY.withJournal(true))
                .build());
        String name = connection.getDatabase() != null ? connection.getDatabase() : databaseName;
        return new Store(client, client.getDatabase(name), embedded);
    }

    @Bean(destroyMethod = "")
    MongoClient mongoClient(Store store) {
        return store.client();
    }

    @Bean
    MongoDatabase ledgerDatabase(Store store) {
        return store.database();
    }
}
