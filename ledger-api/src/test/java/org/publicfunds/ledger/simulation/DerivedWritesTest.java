package org.publicfunds.ledger.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.embedded.StoreFiles;
import org.publicfunds.ledger.eventstore.EventLog;

/**
 * What is derived from the event store (views, tokens) is written with {@code j: false}
 * ({@link LedgerViewStore#derived}): the embedded server answers such a write without forcing its
 * log, and a power cut loses only the end of the log, so a derived write is kept whenever a
 * forced write answered after it is, and never outlives the forced writes before it.
 */
class DerivedWritesTest {

    private static EmbeddedMongoServer start(SimulatedDisk disk) {
        return EmbeddedMongoServer.start(new EmbeddedMongoServer.Options(disk, 0, true, Duration.ofHours(1)));
    }

    @Test
    void aDerivedWriteIsAnsweredWithoutForcingTheLogAndIsForcedWithTheNextDurableWrite() throws Exception {
        SimulatedDisk disk = new SimulatedDisk();
        AtomicInteger logSyncs = new AtomicInteger();
        disk.faults(new SimulatedDisk.Faults() {
            @Override
            public void sync(String file) {
                if (file.equals(StoreFiles.LOG_FILE)) {
                    logSyncs.incrementAndGet();
                }
            }
        });
        try {
            EmbeddedMongoServer server = start(disk);
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                var db = client.getDatabase("ledger");
                MongoCollection<Document> views = LedgerViewStore.derived(db.getCollection("views"));
                MongoCollection<Document> events = db.getCollection("events");
                events.insertOne(new Document("_id", 1L));
                int before = logSyncs.get();
                assertThat(before).isPositive();
                for (int i = 0; i < 20; i++) {
                    views.replaceOne(
                            Filters.eq("_id", "ctpn"),
                            new Document("position", (long) i),
                            new ReplaceOptions().upsert(true));
                }
                assertThat(logSyncs.get())
                        .as("syncs of the log for 20 derived writes")
                        .isEqualTo(before);
                events.insertOne(new Document("_id", 2L));
                assertThat(logSyncs.get()).isGreaterThan(before);
            }
            disk.powerCut(new Random(1));
            server.halt();
            try (EmbeddedMongoServer again = start(disk);
                    MongoClient client = MongoClients.create(again.connectionString())) {
                var db = client.getDatabase("ledger");
                assertThat(db.getCollection("events").countDocuments()).isEqualTo(2);
                assertThat(db.getCollection("views").find().first().getLong("position"))
                        .isEqualTo(19L);
            }
        } finally {
            disk.discard();
        }
    }

    /**
     * Trust review 2, F2, without {@code fsync}: a write to the durability collection (what the
     * ledger sends before it signs a checkpoint or answers from a read) forces the log and syncs
     * the file store, so what was written before it survives a power cut, whether it is still in
     * the log or a checkpoint already moved it, unsynced, to the file store.
     */
    @Test
    void aBarrierMakesEverythingBeforeItDurableEvenWithoutFsync() throws Exception {
        for (boolean checkpointedBefore : new boolean[] {false, true}) {
            SimulatedDisk disk = new SimulatedDisk();
            try {
                EmbeddedMongoServer server =
                        EmbeddedMongoServer.start(new EmbeddedMongoServer.Options(disk, 0, false, Duration.ofHours(1)));
                try (MongoClient client = MongoClients.create(server.connectionString())) {
                    var db = client.getDatabase("ledger");
                    for (long i = 1; i <= 20; i++) {
                        db.getCollection("events").insertOne(new Document("_id", i));
                        if (checkpointedBefore && i == 10) {
                            server.checkpoint();
                        }
                    }
                    db.getCollection(EventLog.DURABILITY_COLLECTION)
                            .updateOne(
                                    Filters.eq("_id", "barrier"),
                                    new Document("$inc", new Document("barriers", 1L)),
                                    new com.mongodb.client.model.UpdateOptions().upsert(true));
                }
                disk.powerCut(new Random(3) {
                    @Override
                    public int nextInt(int bound) {
                        return 0; // every unsynced write is lost
                    }
                });
                server.halt();
                try (EmbeddedMongoServer again = start(disk);
                        MongoClient client = MongoClients.create(again.connectionString())) {
                    assertThat(client.getDatabase("ledger")
                                    .getCollection("events")
                                    .countDocuments())
                            .as("checkpointed before the barrier: " + checkpointedBefore)
                            .isEqualTo(20);
                }
            } finally {
                disk.discard();
            }
        }
    }

    @Test
    void aPowerCutLosesOnlyDerivedWritesAfterTheLastForcedOne() throws Exception {
        Random random = new Random(11);
        int lostAtTheEnd = 0;
        for (int round = 0; round < 30; round++) {
            SimulatedDisk disk = new SimulatedDisk();
            long forced = 0;
            long derivedBeforeForced = -1;
            List<Long> derivedAfter = new ArrayList<>();
            try {
                EmbeddedMongoServer server = start(disk);
                try (MongoClient client = MongoClients.create(server.connectionString())) {
                    var db = client.getDatabase("ledger");
                    MongoCollection<Document> views = LedgerViewStore.derived(db.getCollection("views"));
                    MongoCollection<Document> events = db.getCollection("events");
                    long derived = 0;
                    int writes = 10 + random.nextInt(30);
                    for (int i = 0; i < writes; i++) {
                        if (random.nextInt(3) == 0) {
                            events.insertOne(new Document("_id", ++forced));
                            derivedBeforeForced = derived;
                            derivedAfter.clear();
                        } else {
                            views.insertOne(new Document("_id", ++derived).append("pad", "x".repeat(600)));
                            derivedAfter.add(derived);
                        }
                    }
                }
                disk.powerCut(random);
                server.halt();
                try (EmbeddedMongoServer again = start(disk);
                        MongoClient client = MongoClients.create(again.connectionString())) {
                    var db = client.getDatabase("ledger");
                    assertThat(db.getCollection("events").countDocuments())
                            .as("round " + round + ": forced writes kept")
                            .isEqualTo(forced);
                    List<Long> kept = new ArrayList<>();
                    db.getCollection("views").find().forEach(d -> kept.add(d.getLong("_id")));
                    for (long id = 1; id <= derivedBeforeForced; id++) {
                        assertThat(kept)
                                .as("round " + round + ": a derived write before a forced one")
                                .contains(id);
                    }
                    // what is kept of the end is a prefix of it: never a later write without an earlier one
                    long keptAfter =
                            derivedAfter.stream().filter(kept::contains).count();
                    assertThat(kept).hasSize((int) (Math.max(derivedBeforeForced, 0) + keptAfter));
                    assertThat(kept).containsAll(derivedAfter.subList(0, (int) keptAfter));
                    if (keptAfter < derivedAfter.size()) {
                        lostAtTheEnd++;
                    }
                }
            } finally {
                disk.discard();
            }
        }
        // the derived writes at the end were not forced: some power cut took some of them
        assertThat(lostAtTheEnd).isPositive();
    }
}
