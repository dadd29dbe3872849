package org.publicfunds.ledger.idempotency;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.publicfunds.ledger.eventstore.Node;
import org.publicfunds.ledger.system.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    /** Reservations carry this instance's name: after a restart, its own unanswered ones are taken over at once. */
    @Bean
    IdempotencyRecords idempotencyRecords(MongoDatabase database, Node node, LedgerProperties properties) {
        return new IdempotencyRecords(
                database,
                Clock.systemUTC(),
                node.name(),
                properties.idempotency().lease());
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyRecords records) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(records));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** Answers are kept for {@code ledger.idempotency.retention}; looked at every minute. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService idempotencyExpiry(IdempotencyRecords records, LedgerProperties properties) {
        Duration retention = properties.idempotency().retention();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-expiry");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        long expired = records.expire(retention);
                        if (expired > 0) {
                            log.debug("forgot {} idempotency records older than {}", expired, retention);
                        }
                    } catch (RuntimeException e) {
                        log.warn("could not expire idempotency records", e);
                    }
                },
                1,
                1,
                TimeUnit.MINUTES);
        return executor;
    }
}
