package org.publicfunds.ledger.balance;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Every instance's store follows the record of the live copy, which a rebuild on any one of them switches. */
class LedgerViewStoreFollowTest {

    @Test
    void aStoreFollowsTheRecordedLiveCopy() {
        MongoServer server = new MongoServer(H2Backend.inMemory());
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoDatabase database = client.getDatabase("ledger");
            database.getCollection("balance_views").insertOne(new Document("_id", "x").append("marker", "old"));
            database.getCollection("copy").insertOne(new Document("_id", "x").append("marker", "new"));
            LedgerViewStore following = LedgerViewStore.following(database, "balances", "balance_views");
            LedgerViewStore fixed = new LedgerViewStore(database, "balance_views");
            assertThat(following.collectionName()).isEqualTo("balance_views");

            LedgerViewStore.activate(database, "balances", "copy");
            following.follow();
            fixed.follow();
            assertThat(following.collectionName()).isEqualTo("copy");
            assertThat(fixed.collectionName()).isEqualTo("balance_views");
            // a store started after the switch starts on the copy
            assertThat(LedgerViewStore.following(database, "balances", "balance_views")
                            .collectionName())
                    .isEqualTo("copy");
        } finally {
            server.shutdownNow();
        }
    }
}
