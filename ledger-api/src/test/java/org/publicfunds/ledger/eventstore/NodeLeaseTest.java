package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;

/**
 * Trust review 2, O2 and O3: one live instance per node id, and a host whose clock is off the
 * store's is told so. Real leases and clocks on the embedded server.
 */
class NodeLeaseTest {

    private final EmbeddedMongoServer server = EmbeddedMongoServer.start(null, 0);
    private final MongoClient client = MongoClients.create(server.connectionString());
    private final MongoDatabase database = client.getDatabase("ledger");

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aSecondLiveInstanceWithTheSameNodeIdIsRefusedAtStart() {
        try (NodeLease first = NodeLease.acquire(database, "ledger-0")) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> NodeLease.acquire(database, "ledger-0"))
                    .isInstanceOf(NodeLease.NodeIdInUse.class)
                    .hasMessageContaining("ledger.node-id");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NodeLease.WATCH.multipliedBy(3));
            // another id is no trouble
            NodeLease.acquire(database, "ledger-1").close();
            assertThat(first.lost()).isFalse();
        }
        // a clean stop lets the id go: the next start takes it without watching
        long started = System.nanoTime();
        NodeLease.acquire(database, "ledger-0").close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NodeLease.WATCH);
    }

    @Test
    void aDeadRunsIdIsTakenOverAndTheRunThatLostItKnows() throws Exception {
        NodeLease dead = NodeLease.acquire(database, "ledger-0");
        // the process is gone without a clean stop: no more beats, the record stays
        java.lang.reflect.Field beating = NodeLease.class.getDeclaredField("beating");
        beating.setAccessible(true);
        ((java.util.concurrent.ScheduledExecutorService) beating.get(dead)).shutdownNow();
        assertThat(database.getCollection(NodeLease.COLLECTION)
                        .find(Filters.eq("_id", "ledger-0"))
                        .first())
                .isNotNull();
        try (NodeLease next = NodeLease.acquire(database, "ledger-0")) {
            assertThat(next.lost()).isFalse();
        }
    }

    @Test
    void aHostClockOffTheStoresIsSeen() {
        StoreClock same = new StoreClock(database, Clock.systemUTC());
        assertThat(same.check()).isTrue();
        assertThat(same.agrees()).isTrue();
        StoreClock ahead = new StoreClock(database, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(3)));
        assertThat(ahead.check()).isFalse();
        assertThat(ahead.agrees()).isFalse();
        assertThat(ahead.skewMillis()).isBetween(2_000L, 4_000L);
        StoreClock behind = new StoreClock(database, Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC));
        assertThat(behind.check()).isFalse();
        assertThat(new StoreClock(database, Clock.systemUTC()).agrees())
                .as("never checked")
                .isFalse();
    }
}
