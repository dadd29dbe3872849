package org.publicfunds.ledger.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * An Axon event storage engine over the MongoDB Java driver with a gap-free global order.
 *
 * <p>One document per commit (the events one aggregate appended in one unit of work), keyed by
 * the global position of its first event; see {@link CommitWriter} for how positions are given.
 * A second unique index, over the {@code aggregateId:sequence} keys of every event in a commit,
 * turns any overlapping append into Axon's {@link ConcurrencyException}. Every read is a lookup by one of these two unique keys
 * ({@code $in} over consecutive values), which the embedded server serves from its index: it
 * ignores non-unique indexes, so a range query there would scan the whole store.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    public static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> snapshots;
    private final CommitWriter writer;
    private final AppendListener listener;
    /** One past the last position this instance has written or read: always a commit boundary. */
    private final AtomicLong knownEnd = new AtomicLong(UNKNOWN);
    private static final long UNKNOWN = -1;
    private static final int LOOKAHEAD = 4;

    private MongoEventStorageEngine(Builder builder) {
        super(builder);
        MongoDatabase database = builder.database;
        this.commits = database.getCollection("events");
        this.snapshots = database.getCollection("snapshots");
        this.writer = new CommitWriter(commits, database.getCollection("events_head"), builder.clock);
        this.listener = builder.listener;
        commits.createIndex(Indexes.ascending("keys"), new IndexOptions().unique(true).name("aggregate_sequence"));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        List<Document> batch = new ArrayList<>();
        List<List<EventMessage<?>>> grouped = new ArrayList<>();
        java.util.Set<String> requestKeysUsed = new java.util.HashSet<>();
        for (EventMessage<?> event : events) {
            DomainEventMessage<?> domainEvent = asDomainEvent(event);
            Document current = batch.isEmpty() ? null : batch.get(batch.size() - 1);
            List<EventMessage<?>> currentEvents = grouped.isEmpty() ? null : grouped.get(grouped.size() - 1);
            if (current != null && current.getString("aggregateId").equals(domainEvent.getAggregateIdentifier())
                    && current.getLong("firstSequence") + current.getInteger("size") == domainEvent.getSequenceNumber()) {
                current.getList("events", Document.class).add(eventDocument(domainEvent, serializer));
                current.getList("keys", String.class).add(key(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()));
                current.put("size", current.getInteger("size") + 1);
                currentEvents.add(event);
            } else {
                Document commit = commitDocument(domainEvent, serializer);
                // a request's keys go on its first commit only: one request, one stored answer
                for (String requestKey : requestKeys(event)) {
                    if (requestKeysUsed.add(requestKey)) {
                        commit.getList("keys", String.class).add(requestKey);
                    }
                }
                batch.add(commit);
                grouped.add(new ArrayList<>(List.of(event)));
            }
        }
        try {
            long[] positions = writer.write(batch);
            Document last = batch.get(batch.size() - 1);
            sawEnd(positions[positions.length - 1] + last.getInteger("size"));
            listener.appended(grouped, positions);
        } catch (OutcomeUnknown e) {
            long[] positions = storedPositions(batch);
            if (positions == null) {
                throw e;
            }
            // the answer was lost, but the commits are there, each with its own events
            listener.appended(grouped, positions);
        } catch (CommitWriter.CommitRefused e) {
            if (e.index > 0) {
                listener.appended(grouped.subList(0, e.index), e.positionsWritten);
            }
            EventMessage<?> failed = grouped.get(e.index).get(0);
            if (e.isDuplicateKey()) {
                List<String> requestKeys = batch.get(e.index).getList("keys", String.class).stream()
                        .filter(RequestKeys::isRequestKey).toList();
                Optional<StoredRequest> stored = requestKeys.isEmpty() ? Optional.empty() : findRequest(requestKeys);
                if (stored.isPresent()) {
                    throw new RequestAlreadyStored(stored.get(), e);
                }
                String description = "an event for aggregate " + batch.get(e.index).getString("aggregateId")
                        + " at sequence " + batch.get(e.index).getLong("firstSequence") + " is already stored";
                if (failed instanceof DomainEventMessage<?> d && d.getSequenceNumber() == 0 && d.getType() != null) {
                    throw new AggregateStreamCreationException(description, e);
                }
                throw new ConcurrencyException(description, e);
            }
            throw new EventStoreException("could not store event " + failed.getIdentifier(), e);
        }
    }

    private static List<String> requestKeys(EventMessage<?> event) {
        Object keys = event.getMetaData().get(RequestKeys.METADATA);
        if (!(keys instanceof java.util.Collection<?> collection)) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Object key : collection) {
            if (!(key instanceof String text) || !RequestKeys.isRequestKey(text)) {
                throw new IllegalArgumentException("a request key must be a string starting with " + RequestKeys.PREFIX);
            }
            result.add(text);
        }
        return result;
    }

    /**
     * Where each commit of a batch whose outcome was not known is stored, looked up by its first
     * (aggregate, sequence) key and recognised by its first event's id; null if any is not
     * (yet) stored or the lookup fails.
     */
    private long[] storedPositions(List<Document> batch) {
        try {
            long[] positions = new long[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                Document commit = batch.get(i);
                List<StoredCommit> found = lookup("keys", List.of(key(commit.getString("aggregateId"),
                        commit.getLong("firstSequence"))));
                String eventId = commit.getList("events", Document.class).get(0).getString("eventId");
                if (found.isEmpty() || !found.get(0).events().get(0).getString("eventId").equals(eventId)) {
                    return null;
                }
                positions[i] = found.get(0).position();
                sawEnd(found.get(0).end());
            }
            return positions;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The stored request that carries any of these keys (each a {@link RequestKeys} key), if one
     * is stored: one lookup of the unique keys index.
     */
    public Optional<StoredRequest> findRequest(java.util.Collection<String> requestKeys) {
        if (requestKeys.isEmpty()) {
            return Optional.empty();
        }
        List<StoredCommit> found = lookup("keys", new ArrayList<>(requestKeys));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredCommit commit = found.get(0);
        List<String> matched = requestKeys.stream().filter(commit.keys()::contains).toList();
        Document metaData = commit.events().get(0).get("metaData", Document.class);
        String fingerprint = metaData == null ? null : metaData.getString(RequestKeys.FINGERPRINT);
        return Optional.of(new StoredRequest(commit, matched, fingerprint));
    }

    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return domainEvent;
        }
        // An event with no aggregate gets a stream of its own, as Axon's JDBC and JPA engines do.
        return new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    private static Document commitDocument(DomainEventMessage<?> event, Serializer serializer) {
        List<Document> events = new ArrayList<>();
        events.add(eventDocument(event, serializer));
        List<String> keys = new ArrayList<>();
        keys.add(key(event.getAggregateIdentifier(), event.getSequenceNumber()));
        return new Document("_id", null)
                .append("keys", keys)
                .append("aggregateId", event.getAggregateIdentifier())
                .append("aggregateType", event.getType())
                .append("firstSequence", event.getSequenceNumber())
                .append("size", 1)
                .append("events", events);
    }

    private static Document eventDocument(DomainEventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = serializer.serialize(event.getPayload(), String.class);
        SerializedObject<String> metaData = serializer.serialize(event.getMetaData(), String.class);
        return new Document("eventId", event.getIdentifier())
                .append("sequence", event.getSequenceNumber())
                .append("timestamp", Date.from(event.getTimestamp()))
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("payload", Document.parse(payload.getData()))
                .append("metaData", Document.parse(metaData.getData()));
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = eventDocument(snapshot, serializer)
                .append("_id", snapshot.getAggregateIdentifier())
                .append("aggregateType", snapshot.getType());
        try {
            snapshots.replaceOne(Filters.and(Filters.eq("_id", snapshot.getAggregateIdentifier()),
                            Filters.lt("sequence", snapshot.getSequenceNumber())),
                    document, new ReplaceOptions().upsert(true));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() != 11000) {
                throw e;
            }
            // a newer snapshot is already stored
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
        if (snapshot == null) {
            return Stream.empty();
        }
        return Stream.of(toEntry(snapshot.getString("_id"), snapshot.getString("aggregateType"), snapshot));
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        long from = lastToken == null ? CommitWriter.FIRST_POSITION : lastToken.position().orElse(0) + 1;
        List<TrackedEventData<?>> result = new ArrayList<>();
        for (StoredCommit commit : readCommits(from, batchSize)) {
            for (int i = 0; i < commit.events().size(); i++) {
                long position = commit.position() + i;
                if (position >= from) {
                    result.add(new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(position),
                            toEntry(commit.aggregateId(), commit.aggregateType(), commit.events().get(i))));
                }
            }
        }
        return result;
    }

    /**
     * The commits holding positions {@code from} onward, contiguous, reading at most about
     * {@code window} positions. Empty when nothing is stored at {@code from} yet.
     *
     * <p>Each position looked up costs an index probe on the server, so the window only reaches
     * a few positions past the end this instance knows of: enough to notice commits of other
     * instances, which the next read then follows.
     */
    List<StoredCommit> readCommits(long from, int window) {
        long known = knownEnd.get();
        if (known == UNKNOWN) {
            known = writer.end();
            sawEnd(known);
        }
        List<StoredCommit> result = new ArrayList<>();
        long expected = from;
        int span = (int) Math.max(LOOKAHEAD, Math.min(window, known - from + LOOKAHEAD));
        List<StoredCommit> found = lookup("_id", positions(from, span));
        if ((found.isEmpty() || found.get(0).position() != from) && from != known) {
            // from may lie inside a commit, when a token was stored mid-commit
            Optional<StoredCommit> containing = commitContaining(from);
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
            found = lookup("_id", positions(windowStart, span));
        }
        sawEnd(expected);
        return result;
    }

    private void sawEnd(long end) {
        knownEnd.accumulateAndGet(end, Math::max);
    }

    /** The commit whose events include {@code position}, if one is stored. */
    Optional<StoredCommit> commitContaining(long position) {
        long span = 4;
        while (true) {
            long low = Math.max(CommitWriter.FIRST_POSITION, position - span + 1);
            List<StoredCommit> found = lookup("_id", positions(low, (int) (position - low + 1)));
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

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier, long firstSequenceNumber,
                                                                   int batchSize) {
        List<DomainEventData<?>> result = new ArrayList<>();
        for (StoredCommit commit : aggregateCommits(aggregateIdentifier, firstSequenceNumber, batchSize)) {
            for (Document event : commit.events()) {
                if (event.getLong("sequence") >= firstSequenceNumber) {
                    result.add(toEntry(commit.aggregateId(), commit.aggregateType(), event));
                }
            }
        }
        return result;
    }

    /**
     * The aggregate's commits covering sequence numbers {@code from} to {@code from + window - 1},
     * contiguous from the one holding {@code from}: one lookup of the unique multikey index of
     * (aggregate, sequence) keys.
     */
    private List<StoredCommit> aggregateCommits(String aggregateIdentifier, long from, int window) {
        List<String> keys = new ArrayList<>(window);
        for (long sequence = from; sequence < from + window; sequence++) {
            keys.add(key(aggregateIdentifier, sequence));
        }
        List<StoredCommit> found = lookup("keys", keys);
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

    private static String key(String aggregateIdentifier, long sequence) {
        return aggregateIdentifier + ":" + sequence;
    }

    /** The commits matching any of the values of a unique key; each once, in position order. */
    private List<StoredCommit> lookup(String field, List<?> values) {
        // The embedded server returns a commit once per matching key of a multikey index.
        Map<Long, StoredCommit> found = new TreeMap<>();
        for (Document document : commits.find(Filters.in(field, values))) {
            StoredCommit commit = StoredCommit.of(document);
            found.putIfAbsent(commit.position(), commit);
        }
        return new ArrayList<>(found.values());
    }

    private static List<Long> positions(long from, int count) {
        List<Long> positions = new ArrayList<>(count);
        for (long p = from; p < from + count; p++) {
            positions.add(p);
        }
        return positions;
    }

    private static GenericDomainEventEntry<String> toEntry(String aggregateId, String aggregateType, Document event) {
        return new GenericDomainEventEntry<>(aggregateType, aggregateId, event.getLong("sequence"),
                event.getString("eventId"), event.getDate("timestamp").toInstant(), event.getString("payloadType"),
                event.getString("payloadRevision"), event.get("payload", Document.class).toJson(JSON),
                event.get("metaData", Document.class).toJson(JSON));
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        long end = writer.end();
        return end == CommitWriter.FIRST_POSITION ? null : new GlobalSequenceTrackingToken(end - 1);
    }

    /** A token from which a stream delivers the events timestamped at or after {@code dateTime}. */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = CommitWriter.FIRST_POSITION;
        long high = writer.end();
        while (low < high) {
            long middle = (low + high) >>> 1;
            StoredCommit commit = commitContaining(middle).orElseThrow();
            Instant timestamp = commit.events().get((int) (middle - commit.position())).getDate(CommitWriter.RECORDED_AT).toInstant();
            if (timestamp.isBefore(dateTime)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low == CommitWriter.FIRST_POSITION ? null : new GlobalSequenceTrackingToken(low - 1);
    }

    /** The last position recorded at or before {@code instant}; 0 when none was. O(log n) lookups. */
    public long positionAt(Instant instant) {
        long low = CommitWriter.FIRST_POSITION;
        long high = writer.end();
        while (low < high) {
            long middle = (low + high) >>> 1;
            StoredCommit commit = commitContaining(middle).orElseThrow();
            Instant recorded = commit.events().get((int) (middle - commit.position())).getDate(CommitWriter.RECORDED_AT).toInstant();
            if (recorded.isAfter(instant)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low - 1;
    }

    /**
     * The aggregate's events with sequence numbers {@code from} to {@code to} and their global
     * positions, deserialized.
     */
    public List<PositionedEvent> aggregateEvents(String aggregateId, long from, long to) {
        List<PositionedEvent> result = new ArrayList<>();
        long sequence = from;
        while (sequence <= to) {
            // to - sequence + 1 overflows for to = Long.MAX_VALUE ("all of them")
            long left = to - sequence;
            List<StoredCommit> commits = aggregateCommits(aggregateId, sequence, left >= batchSize() ? batchSize() : (int) left + 1);
            if (commits.isEmpty()) {
                break;
            }
            for (StoredCommit commit : commits) {
                for (int i = 0; i < commit.events().size(); i++) {
                    long s = commit.firstSequence() + i;
                    if (s >= sequence && s <= to) {
                        Document event = commit.events().get(i);
                        Object payload = getEventSerializer().deserialize(new SimpleSerializedObject<>(
                                event.get("payload", Document.class).toJson(JSON), String.class,
                                event.getString("payloadType"), event.getString("payloadRevision")));
                        result.add(new PositionedEvent(commit.position() + i, s, event.getDate(CommitWriter.RECORDED_AT).toInstant(),
                                event.getDate("timestamp").toInstant(), payload));
                    }
                }
            }
            StoredCommit last = commits.get(commits.size() - 1);
            sequence = last.firstSequence() + last.events().size();
        }
        return result;
    }

    /**
     * The highest sequence number of the aggregate's events stored at or below {@code position};
     * -1 if none. Positions grow with sequence numbers, so this is a search: O(log n) lookups.
     */
    public long sequenceAt(String aggregateId, long position) {
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
        List<StoredCommit> commits = aggregateCommits(aggregateId, sequence, 1);
        if (commits.isEmpty()) {
            return Long.MAX_VALUE;
        }
        StoredCommit commit = commits.get(0);
        return commit.position() + (sequence - commit.firstSequence());
    }

    /** Whether the aggregate's event with this sequence number is stored: one lookup of a unique key. */
    public boolean hasEvent(String aggregateId, long sequence) {
        return commits.find(Filters.eq("keys", key(aggregateId, sequence))).projection(
                com.mongodb.client.model.Projections.include("_id")).first() != null;
    }

    /** An event of one aggregate with where and when it was stored. */
    public record PositionedEvent(long position, long sequence, Instant recordedAt, Instant createdAt, Object payload) {
    }

    /** Position of the last stored event, 0 for an empty store. */
    public long headPosition() {
        long end = writer.end();
        sawEnd(end);
        return end - 1;
    }

    /** Records where a restart can find the end quickly; call on shutdown. */
    public void flushHint() {
        writer.writeHint();
    }

    /**
     * One aggregate's events at or after a global position, in order, at most {@code limit}.
     * Finds the first by binary search, then walks the aggregate's commits by their unique
     * (aggregate, sequence) key: a page costs O(log n + limit), wherever it starts.
     */
    public List<StoredEvent> aggregateEvents(String aggregateId, long fromPosition, int limit) {
        List<StoredEvent> result = new ArrayList<>();
        // a page starts where it starts, not at the aggregate's first event: O(log n) lookups to get there
        long sequence = fromPosition <= CommitWriter.FIRST_POSITION ? 0 : sequenceAt(aggregateId, fromPosition - 1) + 1;
        while (result.size() < limit) {
            List<StoredCommit> commits = aggregateCommits(aggregateId, sequence, batchSize());
            if (commits.isEmpty()) {
                break;
            }
            for (StoredCommit commit : commits) {
                for (int i = 0; i < commit.events().size() && result.size() < limit; i++) {
                    if (commit.position() + i >= fromPosition && commit.firstSequence() + i >= sequence) {
                        result.add(new StoredEvent(commit.position() + i, commit.aggregateId(), commit.aggregateType(),
                                commit.events().get(i)));
                    }
                }
            }
            StoredCommit last = commits.get(commits.size() - 1);
            sequence = last.firstSequence() + last.events().size();
        }
        return result;
    }

    /** The stored commits from a position on, for readers that need the raw documents (history, export). */
    public List<StoredCommit> commitsFrom(long position, int window) {
        return readCommits(position, window);
    }

    public static class Builder extends BatchingEventStorageEngine.Builder {
        private MongoDatabase database;
        private AppendListener listener = AppendListener.NONE;
        private java.time.Clock clock = java.time.Clock.systemUTC();

        /** The clock that stamps each event's {@code recordedAt} as it is stored. */
        public Builder clock(java.time.Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        public Builder appendListener(AppendListener listener) {
            this.listener = listener;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            if (database == null) {
                throw new AxonConfigurationException("a MongoDatabase is required");
            }
        }

        public MongoEventStorageEngine build() {
            validate();
            return new MongoEventStorageEngine(this);
        }
    }
}
