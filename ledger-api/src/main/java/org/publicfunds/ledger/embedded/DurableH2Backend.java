package org.publicfunds.ledger.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;

/**
 * The H2 file backend, made to keep every acknowledged write to the collections that must
 * survive a crash. On its own it commits its file store about once a second, so a process killed
 * right after an acknowledged write could lose it. Here an insert into a durable collection is
 * appended to a {@link WriteAheadLog} before it is answered (other writes to those collections
 * commit the file store at once), and a checkpoint commits the store and empties the log every
 * second. Doing this in the server covers every client alike, including other ledger instances
 * connected over TCP, as a real mongod's journal does for {@code j: true}. Read models and
 * tokens are rebuilt from the events, so their writes are left to the periodic commit.
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify");

    private final MVStore store;
    private final Set<String> durableCollections;
    private final WriteAheadLog log;
    private final Object lock = new Object();
    private final ScheduledExecutorService checkpoints;
    private volatile boolean logging = true;

    /** @param log null to commit the file store on every durable write instead */
    DurableH2Backend(MVStore store, Set<String> durableCollections, WriteAheadLog log) {
        super(store);
        this.store = store;
        this.durableCollections = durableCollections;
        this.log = log;
        if (log != null) {
            checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "embedded-store-checkpoint");
                thread.setDaemon(true);
                return thread;
            });
            checkpoints.scheduleWithFixedDelay(this::checkpoint, 1, 1, TimeUnit.SECONDS);
        } else {
            checkpoints = null;
        }
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase();
        if (store.getFileStore() == null || !WRITES.contains(name)
                || !durableCollections.contains(String.valueOf(query.get(command)))) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        synchronized (lock) {
            Document response = super.handleCommand(channel, databaseName, command, query);
            if (log != null && logging && name.equals("insert")) {
                log.append(databaseName, String.valueOf(query.get(command)), inserted(query, response));
            } else {
                commit();
            }
            return response;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Document> inserted(Document query, Document response) {
        List<Document> documents = (List<Document>) query.get("documents");
        List<Document> errors = (List<Document>) response.get("writeErrors");
        if (errors == null || errors.isEmpty()) {
            return documents;
        }
        // ordered inserts stop at the first error; unordered ones skip only the failed documents
        Set<Integer> failed = new java.util.HashSet<>();
        errors.forEach(error -> failed.add(((Number) error.get("index")).intValue()));
        List<Document> stored = new java.util.ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            if (!failed.contains(i)) {
                stored.add(documents.get(i));
            } else if (!Boolean.FALSE.equals(query.get("ordered"))) {
                break;
            }
        }
        return stored;
    }

    /** While re-inserting logged documents after a crash, they are not logged again. */
    void logging(boolean on) {
        logging = on;
    }

    /** Commits the file store and empties the log it now covers. */
    void checkpoint() {
        synchronized (lock) {
            commit();
            if (log != null) {
                log.truncate();
            }
        }
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.shutdownNow();
        }
        checkpoint();
        super.close();
        if (log != null) {
            log.close();
        }
    }
}
