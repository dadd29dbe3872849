package org.publicfunds.ledger.commands;

import java.util.Optional;
import org.bson.Document;
import org.publicfunds.ledger.eventstore.StoredRequest;

/** The id of the entry a stored request created, read from its first event. */
public final class EntryIds {

    private EntryIds() {}

    public static Optional<String> created(StoredRequest stored) {
        Document payload = stored.commit().events().get(0).get("payload", Document.class);
        if (payload == null) {
            return Optional.empty();
        }
        // a reversal is an entry of its own, with its own id beside the id of the entry it cancels
        String id = payload.containsKey("reversalId") ? payload.getString("reversalId") : payload.getString("entryId");
        return Optional.ofNullable(id);
    }
}
