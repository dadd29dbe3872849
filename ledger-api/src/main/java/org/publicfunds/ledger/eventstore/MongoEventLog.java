package org.publicfunds.ledger.eventstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.bson.Document;

/** The {@link EventLog} over the commits the {@link MongoEventStorageEngine} writes. */
final class MongoEventLog implements EventLog {

    private final Commits commits;
    private final Serializer serializer;
    private final int batchSize;
    private final EventUpcasterChain upcasters = LedgerUpcasters.chain();

    MongoEventLog(Commits commits, Serializer serializer, int batchSize) {
        this.commits = commits;
        this.serializer = serializer;
        this.batchSize = batchSize;
    }

    @Override
    public long headPosition() {
        return commits.end() - 1;
    }

    @Override
    public void requireFits(List<? extends EventMessage<?>> events) {
        for (Document commit : MongoEventStorageEngine.commits(events, serializer, new ArrayList<>())) {
            CommitSize.require(commit);
        }
    }

    @Override
    public void makeDurable() {
        commits.makeDurable();
    }

    @Override
    public long positionAt(Instant instant) {
        return commits.firstRecorded(recorded -> recorded.isAfter(instant)) - 1;
    }

    @Override
    public long sequenceAt(String aggregateId, long position) {
        return commits.sequenceAt(aggregateId, position);
    }

    @Override
    public List<PositionedEvent> events(String aggregateId, long from, long to) {
        List<PositionedEvent> result = new ArrayList<>();
        // an import's commit is read in slices of this many events, not one per batch
        int window = Math.max(batchSize, 1_000);
        long sequence = from;
        while (sequence <= to) {
            // to - sequence + 1 overflows for to = Long.MAX_VALUE ("all of them")
            long left = to - sequence;
            List<StoredCommit> found =
                    commits.ofAggregate(aggregateId, sequence, left >= window ? window : (int) left + 1);
            if (found.isEmpty()) {
                break;
            }
            for (StoredCommit commit : found) {
                for (int i = 0; i < commit.events().size(); i++) {
                    long s = commit.firstSequence() + i;
                    if (s >= sequence && s <= to) {
                        Document event = commit.events().get(i);
                        Object payload = LedgerUpcasters.deserialize(
                                upcasters,
                                serializer,
                                event.getString(StoredFields.PAYLOAD_TYPE),
                                event.getString(StoredFields.PAYLOAD_REVISION),
                                event.get(StoredFields.PAYLOAD, Document.class).toJson(StoredFields.JSON));
                        result.add(new PositionedEvent(
                                commit.position() + i,
                                s,
                                event.getDate(StoredFields.RECORDED_AT).toInstant(),
                                event.getDate(StoredFields.TIMESTAMP).toInstant(),
                                payload));
                    }
                }
            }
            StoredCommit last = found.get(found.size() - 1);
            sequence = last.firstSequence() + last.events().size();
        }
        return result;
    }

    /** Finds the first event by binary search, then walks the aggregate's commits: O(log n + limit), wherever it starts. */
    @Override
    public List<StoredEvent> page(String aggregateId, long fromPosition, int limit) {
        List<StoredEvent> result = new ArrayList<>();
        long sequence =
                fromPosition <= CommitWriter.FIRST_POSITION ? 0 : commits.sequenceAt(aggregateId, fromPosition - 1) + 1;
        while (result.size() < limit) {
            // each sequence number from here is an event at or after fromPosition: read what the page needs
            List<StoredCommit> found = commits.ofAggregate(aggregateId, sequence, limit - result.size());
            if (found.isEmpty()) {
                break;
            }
            for (StoredCommit commit : found) {
                for (int i = 0; i < commit.events().size() && result.size() < limit; i++) {
                    if (commit.position() + i >= fromPosition && commit.firstSequence() + i >= sequence) {
                        result.add(new StoredEvent(
                                commit.position() + i,
                                commit.aggregateId(),
                                commit.aggregateType(),
                                commit.events().get(i)));
                    }
                }
            }
            StoredCommit last = found.get(found.size() - 1);
            sequence = last.firstSequence() + last.events().size();
        }
        return result;
    }

    @Override
    public List<StoredCommit> commitsFrom(long position, int window) {
        return commits.from(position, window);
    }

    @Override
    public Optional<StoredCommit> commitAt(long position) {
        return commits.containing(position);
    }

    @Override
    public Optional<StoredEvent> eventAt(long position) {
        return commits.eventAt(position);
    }

    @Override
    public boolean hasEvent(String aggregateId, long sequence) {
        return commits.has(aggregateId, sequence);
    }

    @Override
    public Optional<StoredRequest> findRequest(Collection<String> requestKeys) {
        return commits.findRequest(requestKeys);
    }
}
