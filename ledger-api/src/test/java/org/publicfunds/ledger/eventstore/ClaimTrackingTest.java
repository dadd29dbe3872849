package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;

/**
 * The token store knows when this instance last renewed each claim and says when its claims
 * change: what lets balance queries be answered from memory only while no other instance can
 * have taken the segment. Real Axon token stores on the embedded server, two nodes.
 */
class ClaimTrackingTest {

    private final EmbeddedMongoServer server = EmbeddedMongoServer.start(null, 0);
    private final MongoClient client = MongoClients.create(server.connectionString());

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private TokenStore node(String name, Duration claimTimeout) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client, "ledger")
                        .build())
                .serializer(JacksonSerializer.defaultSerializer())
                .claimTimeout(claimTimeout)
                .nodeId(name)
                .build();
    }

    @Test
    void knowsWhenItsClaimsWereRenewedAndWhenTheyChange() throws Exception {
        Duration timeout = Duration.ofMillis(1_500);
        AfterCommitTokenStore first = new AfterCommitTokenStore(node("first", timeout), timeout);
        TokenStore second = node("second", timeout);
        AtomicInteger changes = new AtomicInteger();
        first.whenClaimsChange(changes::incrementAndGet);
        first.initializeTokenSegments("balances", 2);

        assertThat(first.renewedWithin("balances", 0, Duration.ofSeconds(5))).isFalse();
        first.fetchToken("balances", 0);
        assertThat(first.renewedWithin("balances", 0, Duration.ofSeconds(5))).isTrue();
        assertThat(first.renewedWithin("balances", 1, Duration.ofSeconds(5))).isFalse();
        assertThat(changes).hasValue(1);

        first.storeToken(new GlobalSequenceTrackingToken(5), "balances", 0);
        first.extendClaim("balances", 0);
        assertThat(changes).as("renewals are not changes").hasValue(1);
        // renewed again within half the timeout: still a renewal, not a change
        Thread.sleep(600);
        assertThat(first.renewedWithin("balances", 0, Duration.ofMillis(500))).isFalse();
        first.extendClaim("balances", 0);
        assertThat(first.renewedWithin("balances", 0, Duration.ofMillis(500))).isTrue();
        assertThat(changes).hasValue(1);

        // not renewed for longer than the timeout: the second node takes the segment, and the first learns it
        Thread.sleep(timeout.toMillis() + 100);
        second.fetchToken("balances", 0);
        assertThatThrownBy(() -> first.storeToken(new GlobalSequenceTrackingToken(6), "balances", 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThat(first.renewedWithin("balances", 0, Duration.ofSeconds(5))).isFalse();
        assertThat(changes).hasValue(2);

        first.fetchToken("balances", 1);
        first.releaseClaim("balances", 1);
        assertThat(first.renewedWithin("balances", 1, Duration.ofSeconds(5))).isFalse();
        assertThat(changes).hasValue(4);
    }

    /**
     * Trust review 2, O1 (a): a claim this instance writes again after it lapsed (another instance
     * took the segment meanwhile and let it go) is a change of its claims, not a renewal.
     */
    @Test
    void aClaimWrittenAgainAfterItLapsedIsAChange() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        AfterCommitTokenStore first = new AfterCommitTokenStore(node("first", timeout), timeout);
        TokenStore second = node("second", timeout);
        AtomicInteger changes = new AtomicInteger();
        first.whenClaimsChange(changes::incrementAndGet);
        first.initializeTokenSegments("balances", 1);
        first.fetchToken("balances", 0);
        assertThat(changes).hasValue(1);
        Thread.sleep(timeout.toMillis() + 100);
        second.fetchToken("balances", 0);
        second.releaseClaim("balances", 0);
        // the token write takes the free claim: the first instance holds the segment again, after a gap
        first.storeToken(new GlobalSequenceTrackingToken(7), "balances", 0);
        assertThat(changes).as("changes of the first instance's claims").hasValue(2);
    }

    /**
     * Trust review 2, O1 (b): inside a batch the token is written in the commit phase, after the
     * views, and a failure to write it fails the batch (Axon swallows after-commit failures).
     */
    @Test
    void aTokenThatCannotBeStoredFailsItsBatch() {
        Duration timeout = Duration.ofSeconds(10);
        AfterCommitTokenStore first = new AfterCommitTokenStore(node("first", timeout), timeout);
        TokenStore second = node("second", timeout);
        first.initializeTokenSegments("balances", 1);
        second.fetchToken("balances", 0);
        List<String> order = new ArrayList<>();
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        first.storeToken(new GlobalSequenceTrackingToken(9), "balances", 0);
        batch.onPrepareCommit(u -> order.add("views"));
        assertThatThrownBy(batch::commit).isInstanceOf(UnableToClaimTokenException.class);
        assertThat(order).containsExactly("views");
        // and with the claim its own, the token is stored after the views
        DefaultUnitOfWork<?> next = DefaultUnitOfWork.startAndGet(null);
        second.releaseClaim("balances", 0);
        first.storeToken(new GlobalSequenceTrackingToken(9), "balances", 0);
        next.onPrepareCommit(u -> order.add("views again"));
        next.commit();
        assertThat(first.fetchToken("balances", 0)).isEqualTo(new GlobalSequenceTrackingToken(9));
    }
}
