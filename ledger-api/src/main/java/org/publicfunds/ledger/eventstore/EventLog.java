package org.publicfunds.ledger.eventstore;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;

/**
 * The history as the application reads it, beside Axon's own reads: where it ends, what was
 * stored when, one arrangement's events by sequence or by position, and the stored commits
 * themselves for those who check or export them. Positions start at 1; every method is a few
 * lookups of a unique key, never a scan.
 */
public interface EventLog {

    /** The position of the first event ever stored. */
    long FIRST_POSITION = 1;

    /**
     * The collection {@link #makeDurable} writes to. The embedded server forces everything for a
     * write to it, its log and its file store, even when it is run without {@code fsync}; on a
     * replica set it is a majority write like any other.
     */
    String DURABILITY_COLLECTION = "durability";

    /** The position of the last stored event; 0 for an empty store. */
    long headPosition();

    /**
     * Makes every commit read so far as durable as an acknowledged write (one forced write of the
     * store: the embedded server forces its log as one sequence; a replica set's majority reads
     * see only what a majority holds). Call it after reading and before an answer or a signature
     * rests on what was read: a commit another request or instance applied may not be on disk
     * yet, and a power cut could take it back.
     */
    void makeDurable();

    /**
     * Throws {@link CommitTooLarge} if these events, with their metadata as they would be
     * stored, would not fit in the commits the store keeps them in: what a dry run asks before
     * it says yes.
     */
    void requireFits(List<? extends EventMessage<?>> events);

    /** The last position recorded at or before {@code instant}; 0 when none was. */
    long positionAt(Instant instant);

    /** The highest sequence number of the aggregate's events stored at or below {@code position}; -1 if none. */
    long sequenceAt(String aggregateId, long position);

    /** The aggregate's events with sequence numbers {@code from} to {@code to} (inclusive), deserialized. */
    List<PositionedEvent> events(String aggregateId, long from, long to);

    /** A page of the aggregate's events as stored, at or after a global position, at most {@code limit}. */
    List<StoredEvent> page(String aggregateId, long fromPosition, int limit);

    /** The stored commits from {@code position} on (the first may start before it), contiguous, about {@code window} positions. */
    List<StoredCommit> commitsFrom(long position, int window);

    /** The stored commit whose events include {@code position}. */
    Optional<StoredCommit> commitAt(long position);

    /** The event stored at {@code position}, read without the rest of its commit. */
    Optional<StoredEvent> eventAt(long position);

    /** Whether the aggregate's event with this sequence number is stored. */
    boolean hasEvent(String aggregateId, long sequence);

    /** The stored request that carries any of these {@link RequestKeys} keys. */
    Optional<StoredRequest> findRequest(Collection<String> requestKeys);

    /** An event of one aggregate with where and when it was stored. */
    record PositionedEvent(long position, long sequence, Instant recordedAt, Instant createdAt, Object payload) {}
}
