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
import org.bson.conversions.Bson;
import org.publicfunds.ledger.eventstore.CommitHeaders.Header;

/**
 * The reads of the stored commits that the engine and the {@link EventLog} share. Every read is a
 * lookup by one of the two unique keys, the position ({@code _id}) or an {@code aggregate:sequence}
 * key ({@code $in} over consecutive values), which the embedded server serves from its index: it
 * ignores non-unique indexes, so a range query there would scan the whole store.
 */
final class Commits {

    private static final long UNKNOWN = -1;
    /** A commit without its events and keys. */
    private static final Bson HEADER = Projections.include(
            StoredFields.ID,
            StoredFields.AGGREGATE_ID,
            StoredFields.AGGREGATE_TYPE,
            StoredFields.FIRST_SEQUENCE,
            StoredFields.SIZE);

    /** The same with its first event, which says when the commit was recorded. */
    private static final Bson TIMED_HEADER = Projections.fields(HEADER, Projections.slice(StoredFields.EVENTS, 0, 1));

    private static final int LOOKAHEAD = 4;
    /** The most keys of later commits one read of an aggregate's events looks up. */
    static final int LATER_KEYS = 128;

    private final MongoCollection<Document> collection;
    private final CommitWriter writer;
    /** One past the last position this instance has written or read: always a commit boundary. */
    private final AtomicLong knownEnd = new AtomicLong(UNKNOWN);

    private final CommitHeaders headers = new CommitHeaders(4_096);

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

    /** Every commit applied so far made durable ({@link CommitWriter#makeDurable}). */
    void makeDurable() {
        writer.makeDurable();
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
        return headerContaining(position)
                .flatMap(header -> lookup(StoredFields.ID, List.of(header.position())).stream()
                        .findFirst())
                .filter(commit -> commit.end() > position);
    }

    /** The event stored at {@code position}, read alone: a commit of an import holds 10,000. */
    Optional<StoredEvent> eventAt(long position) {
        return headerContaining(position).flatMap(header -> {
            StoredCommit part = part(header.position(), (int) (position - header.position()), 1);
            return part == null || part.events().isEmpty()
                    ? Optional.empty()
                    : Optional.of(new StoredEvent(
                            position,
                            part.aggregateId(),
                            part.aggregateType(),
                            part.events().get(0)));
        });
    }

    /**
     * When the event at {@code position} was recorded: from its commit's header (remembered for a
     * large commit, so a search by time through imports loads none of their events), else from
     * the event itself.
     */
    private Instant recordedAt(long position) {
        Optional<Header> header = headerContaining(position);
        if (header.isPresent() && header.get().recordedAt() != null) {
            return header.get().recordedAt();
        }
        return eventAt(position).orElseThrow().recordedAt();
    }

    /**
     * The header of the commit whose events include {@code position}: known, or found by lookups
     * of the positions before it, in doubling spans, until one holds a commit.
     */
    private Optional<Header> headerContaining(long position) {
        Optional<Header> known = headers.containing(position);
        if (known.isPresent()) {
            return known;
        }
        if (position < CommitWriter.FIRST_POSITION || (position >= knownEnd.get() && position >= end())) {
            // nothing there; and a search backwards from far past the end would probe every position between
            return Optional.empty();
        }
        long span = 4;
        while (true) {
            long low = Math.max(CommitWriter.FIRST_POSITION, position - span + 1);
            Document last = null;
            for (Document header : collection
                    .find(Filters.in(StoredFields.ID, positions(low, (int) (position - low + 1))))
                    .projection(TIMED_HEADER)) {
                if (last == null || header.getLong(StoredFields.ID) > last.getLong(StoredFields.ID)) {
                    last = header;
                }
            }
            if (last != null) {
                Header header = headers.add(Header.of(last));
                return header.end() > position ? Optional.of(header) : Optional.empty();
            }
            if (low == CommitWriter.FIRST_POSITION) {
                return Optional.empty();
            }
            span *= 2;
        }
    }

    /** The header of the aggregate's commit that holds its event {@code sequence}: known, or one lookup of its key. */
    private Optional<Header> headerHolding(String aggregateId, long sequence) {
        Optional<Header> known = headers.holding(aggregateId, sequence);
        if (known.isPresent()) {
            return known;
        }
        Document found = collection
                .find(Filters.eq(StoredFields.KEYS, key(aggregateId, sequence)))
                .projection(HEADER)
                .first();
        return found == null ? Optional.empty() : Optional.of(headers.add(Header.of(found)));
    }

    /**
     * A part of the commit stored at {@code position}: its events from index {@code skip}, at most
     * {@code limit}, as a commit starting at the first of them (its keys are not read). Null if no
     * commit starts there.
     */
    private StoredCommit part(long position, int skip, int limit) {
        Document document = collection
                .find(Filters.eq(StoredFields.ID, position))
                .projection(Projections.fields(HEADER, Projections.slice(StoredFields.EVENTS, skip, limit)))
                .first();
        return document == null ? null : part(document, skip);
    }

    private StoredCommit part(Document document, int skip) {
        headers.add(Header.of(document));
        return new StoredCommit(
                document.getLong(StoredFields.ID) + skip,
                document.getString(StoredFields.AGGREGATE_ID),
                document.getString(StoredFields.AGGREGATE_TYPE),
                document.getLong(StoredFields.FIRST_SEQUENCE) + skip,
                document.getList(StoredFields.EVENTS, Document.class),
                List.of(),
                document.getInteger(StoredFields.SIZE));
    }

    /**
     * The aggregate's events from sequence number {@code from}, at most {@code window}, as the
     * parts of its commits that hold them, contiguous from {@code from}; each part starts at its
     * first event read (position and first sequence number) and carries no keys. Fewer than
     * {@code window} may come back while more are stored (the caller reads on from the last); none
     * only when nothing is stored at {@code from}.
     *
     * <p>The commit holding {@code from} is found by its one key ({@code eq}) and read from there in
     * one slice, however large; the later ones by an {@code $in} over at most {@link #LATER_KEYS}
     * keys from its end. A server compares a document's keys one by one with every value of an
     * {@code $in} until one matches (the embedded server does), so an {@code $in} that started
     * inside a commit of an import (10,000 keys) would cost ten million comparisons, and a long one
     * over many small commits grows with its square.
     */
    List<StoredCommit> ofAggregate(String aggregateId, long from, int window) {
        List<StoredCommit> result = new ArrayList<>();
        Optional<Header> holding = headerHolding(aggregateId, from);
        if (holding.isEmpty()) {
            return result;
        }
        Header first = holding.get();
        int skip = (int) (from - first.firstSequence());
        long next = first.nextSequence();
        long until = Math.min(from + window, next + LATER_KEYS);
        Set<Long> later = new TreeSet<>();
        if (until > next) {
            List<String> keys = new ArrayList<>((int) (until - next));
            for (long sequence = next; sequence < until; sequence++) {
                keys.add(key(aggregateId, sequence));
            }
            for (Document found : collection
                    .find(Filters.in(StoredFields.KEYS, keys))
                    .projection(Projections.include(StoredFields.ID))) {
                later.add(found.getLong(StoredFields.ID));
            }
        }
        List<StoredCommit> parts = new ArrayList<>();
        int laterLimit = window;
        if (skip > 0 || later.isEmpty()) {
            laterLimit = (int) Math.max(1, from + window - next);
            StoredCommit part = part(first.position(), skip, window);
            if (part == null) {
                return result;
            }
            parts.add(part);
        } else {
            later.add(first.position());
        }
        if (!later.isEmpty()) {
            for (Document found : collection
                    .find(Filters.in(StoredFields.ID, new ArrayList<>(later)))
                    .projection(Projections.fields(HEADER, Projections.slice(StoredFields.EVENTS, 0, laterLimit)))) {
                parts.add(part(found, 0));
            }
        }
        parts.sort(Comparator.comparingLong(StoredCommit::firstSequence));
        long expected = from;
        int read = 0;
        for (StoredCommit part : parts) {
            if (part.firstSequence() > expected || read >= window) {
                break;
            }
            // parts overlap only if a stored size is smaller than its events (a tampered store): each event once
            int skipped = (int) (expected - part.firstSequence());
            if (skipped >= part.events().size()) {
                continue;
            }
            List<Document> events =
                    part.events().subList(skipped, Math.min(part.events().size(), skipped + window - read));
            result.add(new StoredCommit(
                    part.position() + skipped,
                    part.aggregateId(),
                    part.aggregateType(),
                    part.firstSequence() + skipped,
                    events,
                    part.keys(),
                    part.size()));
            read += events.size();
            expected = part.firstSequence() + skipped + events.size();
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
            Instant recorded = recordedAt(middle);
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
        Optional<Header> at = headerContaining(position);
        if (at.isPresent() && at.get().aggregateId().equals(aggregateId)) {
            // the usual case of an arrangement's history: the position is one of its own events
            return at.get().firstSequence() + (position - at.get().position());
        }
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
        return headerHolding(aggregateId, sequence)
                .map(header -> header.position() + (sequence - header.firstSequence()))
                .orElse(Long.MAX_VALUE);
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
        // The embedded server returns a commit once per matching key of a multikey index. By position, one
        // commit per value at most: all in the first batch (the driver's default first batch is 101).
        Map<Long, StoredCommit> found = new TreeMap<>();
        var query = collection.find(Filters.in(field, values));
        if (field.equals(StoredFields.ID)) {
            query = query.batchSize(Math.max(values.size(), 2));
        }
        for (Document document : query) {
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
