package org.publicfunds.ledger.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * The reads of the stored commits that the engine and the {@link EventLog} share. Every read is a
 * lookup by one of the two unique keys, the position ({@code _id}) or an {@code aggregate:sequence}
 * key ({@code $in} over consecutive values), which the embedded server serves from its index: it
 * ignores non-unique indexes, so a range query there would scan the whole store.
 */
final class Commits {

    private static final long UNKNOWN = -1;
    private static final int LOOKAHEAD = 4;

    private final MongoCollection<Document> collection;
    private final CommitWriter writer;
    /** One past the last position this instance has written or read: always a commit boundary. */
    private final AtomicLong knownEnd = new AtomicLong(UNKNOWN);

    Commits(MongoCollection<Document> collection, CommitWriter writer) {
        this.collection = collection;
        this.writer = writer;
    }

    /** One past the last stored position, as the writer finds it. */
    long end() {
        long end = writer.end();
        sawEnd(end);
        return end;
    }

    void sawEnd(long end) {
        knownEnd.accumulateAndGet(end, Math::max);
    }

    /**
     * The commits holding positions {@code from} onward, contiguous, reading at most about
     * {@code window} positions. Empty when nothing is stored at {@code from} yet.
     *
     * <p>Each position looked up costs an index probe on the server, so the window only reaches
     * a few positions past the end this instance knows of: enough to notice commits of other
     * instances, which the next read then follows.
     */
    List<StoredCommit> from(long from, int window) {
        long known = knownEnd.get();
        if (known == UNKNOWN) {
            known = end();
        }
        List<StoredCommit> result = new ArrayList<>();
        long expected = from;
        int span = (int) Math.max(LOOKAHEAD, Math.min(window, known - from + LOOKAHEAD));
        List<StoredCommit> found = lookup(StoredFields.ID, positions(from, span));
        if ((found.isEmpty() || found.get(0).position() != from) && from != known) {
            // from may lie inside a commit, when a token was stored mid-commit
            Optional<StoredCommit> containing = containing(from);
            if (containing.isEmpty()) {
                return result;
            }
            result.add(containing.get());
            expected = containing.get().end();
        }
        long windowStart = from;
        while (true) {
            for (StoredCommit commit : found) {
                if (commit.position() == expected) {
                    result.add(commit);
                    expected = commit.end();
                } else if (commit.position() > expected) {
                    break;
                }
            }
            // a window read to its end means more is stored than this instance knew of (another
            // instance wrote it): read on, in doubling windows, up to the batch size
            if (expected < windowStart + span || expected - from >= window) {
                break;
            }
            windowStart = expected;
            span = (int) Math.min(window - (expected - from), 2L * span);
            found = lookup(StoredFields.ID, positions(windowStart, span));
        }
        sawEnd(expected);
        return result;
    }

    /** The commit whose events include {@code position}, if one is stored. */
    Optional<StoredCommit> containing(long position) {
        long span = 4;
        while (true) {
            long low = Math.max(CommitWriter.FIRST_POSITION, position - span + 1);
            List<StoredCommit> found = lookup(StoredFields.ID, positions(low, (int) (position - low + 1)));
            if (!found.isEmpty()) {
                StoredCommit last = found.get(found.size() - 1);
                return last.end() > position ? Optional.of(last) : Optional.empty();
            }
            if (low == CommitWriter.FIRST_POSITION) {
                return Optional.empty();
            }
            span *= 2;
        }
    }

    /**
     * The aggregate's commits covering sequence numbers {@code from} to {@code from + window - 1},
     * contiguous from the one holding {@code from}: one lookup of the unique multikey index of
     * (aggregate, sequence) keys.
     */
    List<StoredCommit> ofAggregate(String aggregateId, long from, int window) {
        List<String> keys = new ArrayList<>(window);
        for (long sequence = from; sequence < from + window; sequence++) {
            keys.add(key(aggregateId, sequence));
        }
        List<StoredCommit> found = lookup(StoredFields.KEYS, keys);
        found.sort(Comparator.comparingLong(StoredCommit::firstSequence));
        List<StoredCommit> result = new ArrayList<>();
        long expected = from;
        for (StoredCommit commit : found) {
            if (commit.firstSequence() > expected) {
                break;
            }
            result.add(commit);
            expected = commit.firstSequence() + commit.events().size();
        }
        return result;
    }

    /**
     * The first position whose recording time satisfies {@code reached} (false, then true, along
     * the global order: recording times never go backwards), or the end if none does. O(log n)
     * lookups.
     */
    long firstRecorded(Predicate<Instant> reached) {
        long low = CommitWriter.FIRST_POSITION;
        long high = end();
        while (low < high) {
            long middle = (low + high) >>> 1;
            StoredCommit commit = containing(middle).orElseThrow();
            Instant recorded = commit.events()
                    .get((int) (middle - commit.position()))
                    .getDate(StoredFields.RECORDED_AT)
                    .toInstant();
            if (reached.test(recorded)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /**
     * The highest sequence number of the aggregate's events stored at or below {@code position};
     * -1 if none. Positions grow with sequence numbers, so this is a search: O(log n) lookups.
     */
    long sequenceAt(String aggregateId, long position) {
        long low = -1;
        long high = 1;
        while (positionOf(aggregateId, high) <= position) {
            low = high;
            high *= 2;
        }
        // the answer lies in [low, high - 1]
        high--;
        while (low < high) {
            long middle = (low + high + 1) >>> 1;
            if (positionOf(aggregateId, middle) <= position) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** The global position of the aggregate's event with this sequence number; MAX_VALUE if there is none. */
    private long positionOf(String aggregateId, long sequence) {
        // the commit's position and first sequence only: a commit of an import holds 10,000 events
        Document commit = collection
                .find(Filters.eq(StoredFields.KEYS, key(aggregateId, sequence)))
                .projection(Projections.include(StoredFields.ID, StoredFields.FIRST_SEQUENCE))
                .first();
        if (commit == null) {
            return Long.MAX_VALUE;
        }
        return commit.getLong(StoredFields.ID) + (sequence - commit.getLong(StoredFields.FIRST_SEQUENCE));
    }

    /** Whether the aggregate's event with this sequence number is stored: one lookup of a unique key. */
    boolean has(String aggregateId, long sequence) {
        return collection
                        .find(Filters.eq(StoredFields.KEYS, key(aggregateId, sequence)))
                        .projection(Projections.include(StoredFields.ID))
                        .first()
                != null;
    }

    /**
     * The stored request that carries any of these keys (each a {@link RequestKeys} key), if one
     * is stored: one lookup of the unique keys index.
     */
    Optional<StoredRequest> findRequest(Collection<String> requestKeys) {
        if (requestKeys.isEmpty()) {
            return Optional.empty();
        }
        List<StoredCommit> found = lookup(StoredFields.KEYS, new ArrayList<>(requestKeys));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredCommit commit = found.get(0);
        List<String> matched =
                requestKeys.stream().filter(commit.keys()::contains).toList();
        Document metaData = commit.events().get(0).get(StoredFields.META_DATA, Document.class);
        String fingerprint = metaData == null ? null : metaData.getString(RequestKeys.FINGERPRINT);
        return Optional.of(new StoredRequest(commit, matched, fingerprint));
    }

    /** The commits matching any of the values of a unique key; each once, in position order. */
    List<StoredCommit> lookup(String field, List<?> values) {
        if (field.equals(StoredFields.KEYS) && values.size() > 1) {
            // The embedded server returns a commit once per matching key of a multikey index: a commit of
            // 10,000 events (an import) would come back a thousand times for a window of a thousand keys. So
            // the positions first (documents of one field), then each commit once by its position.
            Set<Long> positions = new TreeSet<>();
            for (Document document :
                    collection.find(Filters.in(field, values)).projection(Projections.include(StoredFields.ID))) {
                positions.add(document.getLong(StoredFields.ID));
            }
            return positions.isEmpty() ? new ArrayList<>() : lookup(StoredFields.ID, new ArrayList<>(positions));
        }
        // The embedded server returns a commit once per matching key of a multikey index.
        Map<Long, StoredCommit> found = new TreeMap<>();
        for (Document document : collection.find(Filters.in(field, values))) {
            StoredCommit commit = StoredCommit.of(document);
            found.putIfAbsent(commit.position(), commit);
        }
        return new ArrayList<>(found.values());
    }

    static String key(String aggregateId, long sequence) {
        return aggregateId + ":" + sequence;
    }

    private static List<Long> positions(long from, int count) {
        List<Long> positions = new ArrayList<>(count);
        for (long p = from; p < from + count; p++) {
            positions.add(p);
        }
        return positions;
    }
}
