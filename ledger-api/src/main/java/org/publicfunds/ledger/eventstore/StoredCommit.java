package org.publicfunds.ledger.eventstore;

import java.util.List;
import org.bson.Document;

/**
 * One stored commit: the events one aggregate appended at once, the first at {@code position},
 * its unique keys (the aggregate's sequence numbers and, on a request's first commit, the
 * request's keys) and its stored size (the number of its events, unless it was tampered with).
 */
public record StoredCommit(
        long position,
        String aggregateId,
        String aggregateType,
        long firstSequence,
        List<Document> events,
        List<String> keys,
        Integer size) {

    static StoredCommit of(Document document) {
        return new StoredCommit(
                document.getLong(StoredFields.ID),
                document.getString(StoredFields.AGGREGATE_ID),
                document.getString(StoredFields.AGGREGATE_TYPE),
                document.getLong(StoredFields.FIRST_SEQUENCE),
                document.getList(StoredFields.EVENTS, Document.class),
                document.getList(StoredFields.KEYS, String.class),
                document.getInteger(StoredFields.SIZE));
    }

    /** The position after this commit's last event. */
    public long end() {
        return position + events.size();
    }
}
