package org.publicfunds.ledger.eventstore;

import java.util.List;
import org.bson.Document;

/**
 * One stored commit: the events one aggregate appended at once, the first at {@code position},
 * its unique keys (the aggregate's sequence numbers and, on a request's first commit, the
 * request's keys) and its stored size (the number of its events, unless it was tampered with).
 */
public record StoredCommit(long position, String aggregateId, String aggregateType, long firstSequence,
                           List<Document> events, List<String> keys, Integer size) {

    static StoredCommit of(Document document) {
        return new StoredCommit(document.getLong("_id"), document.getString("aggregateId"),
                document.getString("aggregateType"), document.getLong("firstSequence"),
                document.getList("events", Document.class), document.getList("keys", String.class),
                document.getInteger("size"));
    }

    /** The position after this commit's last event. */
    public long end() {
        return position + events.size();
    }
}
