package org.publicfunds.ledger.embedded;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire server (mongo-java-server with its file-backed H2 backend), bound
 * to loopback only. It runs one worker thread: its unique-index check and insert are two steps
 * (AbstractMongoCollection.addDocument), so two connections inserting the same key at once could
 * otherwise both pass the check. One thread makes every command atomic with respect to others.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    public static final String FILE_NAME = "ledger.mv";
    public static final String LOG_NAME = "events.wal";

    /** Collections whose writes are on file before they are acknowledged. */
    public static final java.util.Set<String> DURABLE_COLLECTIONS = java.util.Set.of("events", "events_head", "idempotency_keys");

    private final MVStore store;
    private final DurableH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongoServer(MVStore store, DurableH2Backend backend, MongoServer server, InetSocketAddress address) {
        this.store = store;
        this.backend = backend;
        this.server = server;
        this.address = address;
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. A null dataDir keeps everything in memory. */
    public static EmbeddedMongoServer start(Path dataDir, int port) {
        return start(dataDir, port, DURABLE_COLLECTIONS, false);
    }

    /**
     * As above, logging every write to any of {@code durable} before acknowledging it; with
     * {@code fsync}, also forcing the log to the disk first (survives a power cut, not only a
     * killed process).
     */
    public static EmbeddedMongoServer start(Path dataDir, int port, java.util.Set<String> durable, boolean fsync) {
        MVStore store;
        if (dataDir == null) {
            store = MVStore.open(null);
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
            }
            store = new MVStore.Builder().fileName(dataDir.resolve(FILE_NAME).toString()).open();
        }
        WriteAheadLog wal = dataDir == null ? null : new WriteAheadLog(dataDir.resolve(LOG_NAME), fsync);
        DurableH2Backend backend = new DurableH2Backend(store, durable, wal);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", port), 1, 1);
        InetSocketAddress address = server.getLocalAddress();
        if (wal != null) {
            recover(wal, backend, "mongodb://127.0.0.1:" + address.getPort());
        }
        log.info("embedded MongoDB-wire server on {} storing in {}", address,
                dataDir == null ? "memory" : dataDir.resolve(FILE_NAME).toAbsolutePath());
        return new EmbeddedMongoServer(store, backend, server, address);
    }

    /**
     * Inserts again the logged documents that the file store lost in a crash (those it has are
     * refused by their unique _id and skipped), commits, and empties the log.
     */
    private static void recover(WriteAheadLog wal, DurableH2Backend backend, String connectionString) {
        java.util.List<WriteAheadLog.Entry> entries = wal.read();
        if (entries.isEmpty()) {
            return;
        }
        backend.logging(false);
        int restored = 0;
        try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(connectionString)) {
            for (WriteAheadLog.Entry entry : entries) {
                try {
                    client.getDatabase(entry.database()).getCollection(entry.collection(), org.bson.RawBsonDocument.class)
                            .insertOne(entry.document());
                    restored++;
                } catch (com.mongodb.MongoWriteException e) {
                    if (e.getError().getCode() != 11000) {
                        throw e;
                    }
                }
            }
        }
        backend.checkpoint();
        backend.logging(true);
        log.info("write-ahead log: {} of {} logged documents were missing from the store and are restored",
                restored, entries.size());
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
