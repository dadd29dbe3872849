package org.publicfunds.ledger.eventstore;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The headers of large commits read so far: which commit holds a position, or an aggregate's
 * sequence number, without asking the store. A stored commit never changes, so a header read
 * once stays true; the oldest are forgotten past {@code capacity}.
 *
 * <p>Why: a server answers any query that touches a commit by loading the whole document,
 * whatever the projection, and an import's commit holds 10,000 events (about 5 MB; the embedded
 * server deserializes it each time). Reading through one, a page after another, would otherwise
 * load it twice per page: once to find it, once for the events.
 */
final class CommitHeaders {

    /** Commits of fewer events cost little to find again: only larger ones are kept. */
    static final int LARGE = 64;

    /**
     * A commit without its events and keys, with when it was recorded (every event of a commit is
     * stamped alike; null when the document read had no event).
     */
    record Header(
            long position, String aggregateId, String aggregateType, long firstSequence, int size, Instant recordedAt) {

        static Header of(Document document) {
            List<Document> events = document.getList(StoredFields.EVENTS, Document.class);
            Date recorded =
                    events == null || events.isEmpty() ? null : events.get(0).getDate(StoredFields.RECORDED_AT);
            return new Header(
                    document.getLong(StoredFields.ID),
                    document.getString(StoredFields.AGGREGATE_ID),
                    document.getString(StoredFields.AGGREGATE_TYPE),
                    document.getLong(StoredFields.FIRST_SEQUENCE),
                    document.getInteger(StoredFields.SIZE),
                    recorded == null ? null : recorded.toInstant());
        }

        long end() {
            return position + size;
        }

        long nextSequence() {
            return firstSequence + size;
        }
    }

    private final int capacity;
    private final TreeMap<Long, Header> byPosition = new TreeMap<>();
    private final Map<String, TreeMap<Long, Header>> byAggregate = new HashMap<>();
    private final ArrayDeque<Header> added = new ArrayDeque<>();

    CommitHeaders(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers a header read from the store, if its commit is large (one with its time replaces one without). */
    synchronized Header add(Header header) {
        Header known = byPosition.get(header.position());
        if (known != null && known.recordedAt() == null && header.recordedAt() != null) {
            byPosition.put(header.position(), header);
            byAggregate.get(header.aggregateId()).put(header.firstSequence(), header);
            added.remove(known);
            added.add(header);
            return header;
        }
        if (header.size() >= LARGE && byPosition.putIfAbsent(header.position(), header) == null) {
            byAggregate
                    .computeIfAbsent(header.aggregateId(), id -> new TreeMap<>())
                    .put(header.firstSequence(), header);
            added.add(header);
            if (added.size() > capacity) {
                Header oldest = added.poll();
                byPosition.remove(oldest.position());
                TreeMap<Long, Header> ofAggregate = byAggregate.get(oldest.aggregateId());
                ofAggregate.remove(oldest.firstSequence());
                if (ofAggregate.isEmpty()) {
                    byAggregate.remove(oldest.aggregateId());
                }
            }
        }
        return header;
    }

    /** The known large commit whose events include {@code position}. */
    synchronized Optional<Header> containing(long position) {
        Map.Entry<Long, Header> floor = byPosition.floorEntry(position);
        return floor != null && floor.getValue().end() > position ? Optional.of(floor.getValue()) : Optional.empty();
    }

    /** The known large commit of the aggregate that holds its event {@code sequence}. */
    synchronized Optional<Header> holding(String aggregateId, long sequence) {
        TreeMap<Long, Header> ofAggregate = byAggregate.get(aggregateId);
        Map.Entry<Long, Header> floor = ofAggregate == null ? null : ofAggregate.floorEntry(sequence);
        return floor != null && floor.getValue().nextSequence() > sequence
                ? Optional.of(floor.getValue())
                : Optional.empty();
    }
}
