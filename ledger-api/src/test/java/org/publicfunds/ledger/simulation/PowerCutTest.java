package org.publicfunds.ledger.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.embedded.StoreFiles;

/**
 * F5, F6: the embedded server on a disk that loses what was not synced when the power goes, in
 * any combination of whole, torn and missing writes. With fsync (the default) every write it
 * acknowledged is there after the next start, inserts, replacements and deletes alike, across
 * checkpoints, power cuts in the middle of a checkpoint, and a checkpoint whose sync failed.
 */
class PowerCutTest {

    @Test
    void everyAcknowledgedWriteSurvivesPowerCutsWithFsync() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            SimulatedDisk disk = new SimulatedDisk();
            Map<Long, Integer> acknowledged = new HashMap<>();
            List<Long> deleted = new ArrayList<>();
            long next = 1;
            try {
                for (int life = 0; life < 4; life++) {
                    AtomicBoolean failSync = new AtomicBoolean(random.nextInt(4) == 0);
                    disk.faults(new SimulatedDisk.Faults() {
                        @Override
                        public void sync(String file) throws IOException {
                            if (file.equals(StoreFiles.STORE_FILE) && failSync.getAndSet(false)) {
                                throw new IOException("injected: the disk did not take the sync");
                            }
                        }
                    });
                    EmbeddedMongoServer server = EmbeddedMongoServer.start(
                            new EmbeddedMongoServer.Options(disk, 0, true, Duration.ofHours(1)));
                    try (MongoClient client = MongoClients.create(server.connectionString())) {
                        var db = client.getDatabase("ledger");
                        for (Map.Entry<Long, Integer> entry : acknowledged.entrySet()) {
                            Document found = db.getCollection("events")
                                    .find(Filters.eq("_id", entry.getKey()))
                                    .first();
                            assertThat(found)
                                    .as("round " + round + " life " + life + " id " + entry.getKey())
                                    .isNotNull();
                            assertThat(found.getInteger("v")).isEqualTo(entry.getValue());
                        }
                        for (long id : deleted) {
                            assertThat(db.getCollection("events")
                                            .find(Filters.eq("_id", id))
                                            .first())
                                    .isNull();
                        }
                        MongoCollection<Document> events = db.getCollection("events");
                        int writes = 5 + random.nextInt(40);
                        for (int i = 0; i < writes; i++) {
                            int kind = random.nextInt(10);
                            if (kind < 6 || acknowledged.isEmpty()) {
                                events.insertOne(new Document("_id", next)
                                        .append("v", 0)
                                        .append("pad", "x".repeat(random.nextInt(3000))));
                                acknowledged.put(next++, 0);
                            } else if (kind < 9) {
                                long id =
                                        new ArrayList<>(acknowledged.keySet()).get(random.nextInt(acknowledged.size()));
                                int value = acknowledged.get(id) + 1;
                                events.replaceOne(
                                        Filters.eq("_id", id), new Document("v", value), new ReplaceOptions());
                                acknowledged.put(id, value);
                            } else {
                                long id =
                                        new ArrayList<>(acknowledged.keySet()).get(random.nextInt(acknowledged.size()));
                                events.deleteOne(Filters.eq("_id", id));
                                acknowledged.remove(id);
                                deleted.add(id);
                            }
                            if (random.nextInt(8) == 0) {
                                server.checkpoint();
                            }
                        }
                    }
                    // the power goes: the process, its memory and every unsynced write with it
                    disk.powerCut(random);
                    server.halt();
                }
            } finally {
                disk.discard();
            }
        }
    }
}
