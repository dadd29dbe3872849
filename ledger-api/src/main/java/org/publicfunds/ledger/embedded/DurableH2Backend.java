package org.publicfunds.ledger.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * The H2 file backend, made to commit its file store before it answers a write to one of the
 * collections that must survive a crash. On its own it commits about once a second, so a
 * process killed right after an acknowledged write could lose it. Committing here, in the
 * server, covers every client alike, including other ledger instances connected over TCP, as a
 * real mongod's journal does for {@code j: true}. Read models and tokens are rebuilt from the
 * events, so their writes are left to the periodic commit.
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify");

    private final MVStore store;
    private final Set<String> durableCollections;

    DurableH2Backend(MVStore store, Set<String> durableCollections) {
        super(store);
        this.store = store;
        this.durableCollections = durableCollections;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (store.getFileStore() != null && WRITES.contains(command.toLowerCase())
                && durableCollections.contains(String.valueOf(query.get(command)))) {
            commit();
        }
        return response;
    }
}
