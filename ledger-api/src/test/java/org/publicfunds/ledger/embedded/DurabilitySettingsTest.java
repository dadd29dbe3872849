package org.publicfunds.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * O1, R6: on a replica set the store is written with majority write concern and journaling and
 * read with majority read concern; a URI asking for less is refused at start with what to set.
 */
class DurabilitySettingsTest {

    @Test
    void aUriThatSaysNothingGetsMajorityWritesWithJournalAndMajorityReads() {
        MongoClientSettings settings =
                MongoConfiguration.settings(new ConnectionString("mongodb://db1,db2,db3/ledger?replicaSet=rs0"));
        assertThat(settings.getWriteConcern())
                .isEqualTo(WriteConcern.MAJORITY.withJournal(true).withWTimeout(5, TimeUnit.SECONDS));
        assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
    }

    /**
     * Trust review 2, partitions: every wait on the store is bounded unless the URI bounds it
     * itself (the driver waits for ever for a socket read by default), so a store that cannot be
     * reached is a 503 in bounded time; what the URI says wins.
     */
    @Test
    void everyWaitOnTheStoreIsBoundedUnlessTheUriSaysOtherwise() {
        MongoClientSettings bounded = MongoConfiguration.settings(
                new ConnectionString("mongodb://db1,db2,db3/ledger?replicaSet=rs0"), java.time.Duration.ofSeconds(5));
        assertThat(bounded.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(5_000);
        assertThat(bounded.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(2_000);
        assertThat(bounded.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(3_000);
        assertThat(bounded.getWriteConcern().getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
        MongoClientSettings given = MongoConfiguration.settings(
                new ConnectionString("mongodb://db1/ledger?socketTimeoutMS=60000&serverSelectionTimeoutMS=9000"),
                java.time.Duration.ofSeconds(5));
        assertThat(given.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(60_000);
        assertThat(given.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(9_000);
    }

    @Test
    void majorityAndLinearizableAreKept() {
        MongoClientSettings settings = MongoConfiguration.settings(
                new ConnectionString("mongodb://db1/ledger?w=majority&wtimeoutMS=5000&readConcernLevel=linearizable"));
        assertThat(settings.getWriteConcern().getWString()).isEqualTo("majority");
        assertThat(settings.getWriteConcern().getJournal()).isTrue();
        assertThat(settings.getWriteConcern().getWTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(5000);
        assertThat(settings.getReadConcern()).isEqualTo(ReadConcern.LINEARIZABLE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"w=0", "w=1", "w=2", "journal=false", "readConcernLevel=local", "readConcernLevel=available"})
    void anythingWeakerIsRefusedSayingWhatToSet(String weaker) {
        assertThatThrownBy(() -> MongoConfiguration.settings(new ConnectionString("mongodb://db1/ledger?" + weaker)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(weaker)
                .hasMessageContaining("w=majority&journal=true&readConcernLevel=majority");
    }
}
