package org.publicfunds.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server stopped as a killed process would ({@link EmbeddedMongoServer#halt}): every
 * write it acknowledged, to any collection and of any kind, is there after the next start.
 */
class EmbeddedStoreRecoveryTest {

    @TempDir
    Path dir;

    /** No checkpoint runs by itself during a test: only the log can bring the writes back. */
    private EmbeddedMongoServer start() {
        return EmbeddedMongoServer.start(EmbeddedMongoServer.Options.in(dir).checkpointEvery(Duration.ofHours(1)));
    }

    @Test
    void keepsEveryAcknowledgedInsertUpdateAndDeleteAcrossAHalt() {
        EmbeddedMongoServer server = start();
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("ledger").getCollection("events");
            MongoCollection<Document> views = client.getDatabase("ledger").getCollection("balance_views");
            MongoCollection<Document> keys = client.getDatabase("ledger").getCollection("idempotency_keys");
            for (long i = 1; i <= 50; i++) {
                events.insertOne(new Document("_id", i).append("payload", "e" + i));
            }
            views.replaceOne(
                    Filters.eq("_id", "ctpn"), new Document("position", 50L), new ReplaceOptions().upsert(true));
            views.updateOne(Filters.eq("_id", "ctpn"), Updates.max("position", 51L));
            keys.insertOne(new Document("_id", "k1").append("state", "pending"));
            keys.insertOne(new Document("_id", "k2").append("state", "pending"));
            keys.deleteOne(Filters.eq("_id", "k1"));
            keys.replaceOne(Filters.eq("_id", "k2"), new Document("state", "done"));
        }
        server.halt();

        try (EmbeddedMongoServer again = start();
                MongoClient client = MongoClients.create(again.connectionString())) {
            var db = client.getDatabase("ledger");
            assertThat(db.getCollection("events").countDocuments()).isEqualTo(50);
            assertThat(db.getCollection("balance_views").find().first().getLong("position"))
                    .isEqualTo(51L);
            assertThat(db.getCollection("idempotency_keys")
                            .find(Filters.eq("_id", "k1"))
                            .first())
                    .isNull();
            assertThat(db.getCollection("idempotency_keys")
                            .find(Filters.eq("_id", "k2"))
                            .first()
                            .getString("state"))
                    .isEqualTo("done");
        }
    }

    /**
     * A start that cannot bind its port (still held: the previous run's, or another program's)
     * lets go of the files it opened and recovered, without a commit; the next start opens them and
     * finds every write. (Found by the soak: the leaked file lock made every later start fail.)
     */
    @Test
    void aStartThatCannotBindItsPortLetsGoOfTheFiles() throws Exception {
        EmbeddedMongoServer server = start();
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("events").insertOne(new Document("_id", 1L));
        }
        server.halt();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedMongoServer.start(EmbeddedMongoServer.Options.in(dir)
                            .port(taken.getLocalPort())
                            .checkpointEvery(Duration.ofHours(1))))
                    .hasStackTraceContaining("Address already in use");
        }
        try (EmbeddedMongoServer again = start();
                MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(client.getDatabase("ledger").getCollection("events").countDocuments())
                    .isEqualTo(1);
        }
    }

    /** The file store holds only what a checkpoint committed: no commit lands in the middle of a command. */
    @Test
    void theFileStoreCommitsOnlyAtACheckpoint() throws Exception {
        EmbeddedMongoServer server = start();
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("ledger").getCollection("events");
            events.insertOne(new Document("_id", 0L));
            server.checkpoint();
            // several megabytes: enough for H2's own automatic commit to have written some of it
            String payload = "x".repeat(4000);
            List<Document> batch = new ArrayList<>();
            for (long i = 1; i <= 2000; i++) {
                batch.add(new Document("_id", i).append("payload", payload).append("keys", List.of("k" + i)));
                if (batch.size() == 100) {
                    events.insertMany(batch);
                    batch.clear();
                }
            }
        }
        server.halt();
        // without its log, the file store is exactly as the checkpoint left it
        Files.delete(dir.resolve(StoreFiles.LOG_FILE));
        try (EmbeddedMongoServer again = start();
                MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(client.getDatabase("ledger").getCollection("events").countDocuments())
                    .isEqualTo(1);
        }
    }

    /**
     * A crash in the middle of an append leaves a torn record; the next start cuts it off, so
     * the writes after it are found by the start after that.
     */
    @Test
    void writesAfterATornRecordSurviveTheNextCrash() throws Exception {
        EmbeddedMongoServer server = start();
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("events").insertOne(new Document("_id", 1L));
        }
        server.halt();
        try (FileChannel log = FileChannel.open(dir.resolve(StoreFiles.LOG_FILE), StandardOpenOption.WRITE)) {
            ByteBuffer torn = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            torn.putInt(WriteAheadLog.MAGIC).putInt(1000).putLong(99).flip();
            log.write(torn, log.size());
        }
        server = start();
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("events").insertOne(new Document("_id", 2L));
            client.getDatabase("ledger").getCollection("events").insertOne(new Document("_id", 3L));
        }
        server.halt();
        try (EmbeddedMongoServer again = start();
                MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(client.getDatabase("ledger")
                            .getCollection("events")
                            .find()
                            .map(d -> d.getLong("_id"))
                            .into(new ArrayList<>()))
                    .containsExactlyInAnyOrder(1L, 2L, 3L);
        }
    }

    /** The service reads with majority read concern (replica sets); the embedded server takes it too. */
    @Test
    void servesMajorityReadsAndWrites() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(null, 0);
                MongoClient client = MongoClients.create(
                        MongoConfiguration.settings(new ConnectionString(server.connectionString())))) {
            MongoCollection<Document> events = client.getDatabase("ledger").getCollection("events");
            events.insertOne(new Document("_id", 1L));
            assertThat(events.find(Filters.eq("_id", 1L)).first()).isNotNull();
            assertThat(events.getReadConcern()).isEqualTo(ReadConcern.MAJORITY);
        }
    }
}
