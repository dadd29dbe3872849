package org.publicfunds.ledger.eventstore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;

/**
 * Gives commits their global positions and writes them.
 *
 * <p>A commit document's {@code _id} is the position of its first event; the next commit starts
 * right after its last event. A writer inserts at exactly the position after the commit it
 * believes is last. If another writer (another instance) got there first, the unique {@code _id}
 * refuses the insert, and the writer walks forward to the real end and tries again. So a commit
 * can only be written after every position below it exists: no gaps, and no reader at p ever
 * sees a new event below p. Only single-document atomicity is needed, which the embedded server
 * and MongoDB without transactions both give.
 *
 * <p>Every caller learns exactly one of: its positions (stored), {@link CommitRefused} (a unique
 * key refused it: nothing of it from that commit on is stored), {@link NotStored} (it was never
 * sent), or {@link OutcomeUnknown} (it was sent and the answer was lost or carried only a
 * write-concern error: it may be stored). Never a success without storage.
 */
final class CommitWriter {

    static final long FIRST_POSITION = 1;
    private static final String HEAD_ID = "head";
    /** The document whose forced updates make every commit applied before them durable ({@link #makeDurable}). */
    private static final String BARRIER_ID = "barrier";

    private static final int HINT_EVERY = 1024;
    private static final int PROBE_WINDOW = 128;
    /** How long a writer waits for a commit that refused its position to become readable (majority reads lag). */
    private static final long END_VISIBLE_WITHIN_MS = 5_000;

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> meta;
    private final MongoCollection<Document> durability;
    private final RecordTime recordTime;
    private final ReentrantLock lock = new ReentrantLock();
    /** One past the last stored event as this writer knows it, or -1: read it from the store first. */
    private long next = -1;
    /** The hash of the event at {@code next - 1}: where the chain continues. */
    private String lastHash;
    /** When the event at {@code next - 1} was recorded: record times never go backwards. */
    private Date lastRecordedAt = new Date(0);

    private long hinted = -1;

    CommitWriter(
            MongoCollection<Document> commits,
            MongoCollection<Document> meta,
            MongoCollection<Document> durability,
            RecordClock clock) {
        this.commits = commits;
        this.meta = meta;
        this.durability = durability;
        this.recordTime = new RecordTime(clock.clock(), clock.nanos());
    }

    /** How far the wall clock is ahead of the time record stamps follow, in ms; 0 while it is not. */
    long clockAheadMillis() {
        return recordTime.aheadMillis();
    }

    /** One caller's commits, waiting to be written with whatever else is pending. */
    private static final class Request {
        final List<Document> commits;
        final long[] positions;
        int stored;
        RuntimeException failure;
        boolean done;

        Request(List<Document> commits) {
            this.commits = commits;
            this.positions = new long[commits.size()];
        }

        void fail(RuntimeException e) {
            if (!done) {
                failure = e;
                done = true;
            }
        }
    }

    private final Object queue = new Object();
    private List<Request> pending = new ArrayList<>();
    private boolean writing;

    /**
     * Writes the commits in order, atomically each, and returns the position of each commit's
     * first event. A commit that collides with an existing unique key is not written; commits
     * before it are, commits after it are not.
     *
     * <p>Group commit: callers arriving while a write is under way queue up, and the next writer
     * stores everything queued in one ordered {@code insertMany} and makes it durable once.
     */
    long[] write(List<Document> commits) {
        Request request = new Request(commits);
        List<Request> group;
        boolean interrupted = false;
        synchronized (queue) {
            pending.add(request);
            while (true) {
                if (request.done) {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return result(request);
                }
                if (!writing) {
                    writing = true;
                    group = pending;
                    pending = new ArrayList<>();
                    break;
                }
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    if (pending.remove(request)) {
                        // no writer has taken it: none ever will
                        Thread.currentThread().interrupt();
                        throw new NotStored("interrupted while waiting to store events", e);
                    }
                    // a writer is storing it: its outcome is coming
                    interrupted = true;
                }
            }
        }
        Error error = null;
        try {
            writeGroup(group);
        } catch (Throwable e) {
            // whatever was in flight may or may not be stored, and where the store ends is not known
            forgetEnd();
            OutcomeUnknown unknown = new OutcomeUnknown("storing events failed part-way: " + e, e);
            for (Request r : group) {
                if (r.stored == r.commits.size()) {
                    r.done = true;
                } else {
                    r.fail(unknown);
                }
            }
            if (e instanceof Error fatal) {
                error = fatal;
            }
        } finally {
            synchronized (queue) {
                writing = false;
                queue.notifyAll();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error != null) {
            throw error;
        }
        return result(request);
    }

    private static long[] result(Request request) {
        if (!request.done) {
            throw new IllegalStateException("a commit was neither stored nor refused");
        }
        if (request.failure != null) {
            throw request.failure;
        }
        return request.positions;
    }

    private void writeGroup(List<Request> group) {
        lock.lock();
        try {
            List<Document> batch = new ArrayList<>();
            List<Request> owners = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (Request request : group) {
                for (int i = 0; i < request.commits.size(); i++) {
                    batch.add(request.commits.get(i));
                    owners.add(request);
                    indexes.add(i);
                }
            }
            if (next < 0) {
                findEndAndHash(readHint());
            }
            int done = 0;
            long waitedMs = 0;
            while (done < batch.size()) {
                List<Document> remaining = batch.subList(done, batch.size());
                long position = next;
                String previous = lastHash;
                Date recordedAt = new Date(recordTime.next(lastRecordedAt.getTime()));
                for (Document commit : remaining) {
                    commit.put(StoredFields.ID, position);
                    for (Document event : commit.getList(StoredFields.EVENTS, Document.class)) {
                        event.put(StoredFields.RECORDED_AT, recordedAt);
                    }
                    previous = EventHash.seal(commit, position, previous);
                    position += commit.getInteger(StoredFields.SIZE);
                }
                int stored;
                BulkWriteError error = null;
                MongoBulkWriteException refusal = null;
                try {
                    commits.insertMany(remaining, new InsertManyOptions().ordered(true));
                    stored = remaining.size();
                } catch (MongoBulkWriteException e) {
                    if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
                        // applied (all, or up to the first write error) but not confirmed durable
                        unknown(batch, owners, done, e);
                        return;
                    }
                    refusal = e;
                    error = e.getWriteErrors().get(0);
                    stored = error.getIndex();
                } catch (RuntimeException e) {
                    // sent, and no answer: some, all or none of it may be stored
                    unknown(batch, owners, done, e);
                    return;
                }
                for (int i = done; i < done + stored; i++) {
                    Document commit = batch.get(i);
                    Request owner = owners.get(i);
                    owner.positions[indexes.get(i)] = commit.getLong(StoredFields.ID);
                    owner.stored++;
                    next = commit.getLong(StoredFields.ID) + commit.getInteger(StoredFields.SIZE);
                    List<Document> events = commit.getList(StoredFields.EVENTS, Document.class);
                    lastHash = events.get(events.size() - 1).getString(StoredFields.HASH);
                    lastRecordedAt = events.get(events.size() - 1).getDate(StoredFields.RECORDED_AT);
                }
                done += stored;
                if (error == null) {
                    break;
                }
                if (isPositionTaken(error)) {
                    long taken = next;
                    findEndAndHash(next);
                    if (next == taken) {
                        // the commit that took this position is not readable yet (majority reads trail the primary)
                        if (waitedMs >= END_VISIBLE_WITHIN_MS) {
                            for (int i = done; i < batch.size(); i++) {
                                owners.get(i)
                                        .fail(new NotStored(
                                                "position " + taken + " is taken by a commit that "
                                                        + "did not become readable within " + END_VISIBLE_WITHIN_MS
                                                        + " ms",
                                                refusal));
                            }
                            forgetEnd();
                            return;
                        }
                        long pauseMs = Math.min(100, Math.max(1, waitedMs));
                        pause(pauseMs);
                        waitedMs += pauseMs;
                    }
                    continue;
                }
                // this commit is refused; the rest of its caller's commits are not written
                Request refused = owners.get(done);
                refused.fail(new CommitRefused(indexes.get(done), refused.positions, refusal));
                while (done < batch.size() && owners.get(done) == refused) {
                    done++;
                }
            }
            for (Request request : group) {
                request.done = true;
            }
            maybeWriteHint();
        } finally {
            lock.unlock();
        }
    }

    /** The commits from {@code from} on were sent and their outcome is not known. */
    private void unknown(List<Document> batch, List<Request> owners, int from, RuntimeException cause) {
        forgetEnd();
        OutcomeUnknown unknown =
                new OutcomeUnknown("the store did not confirm the write: " + cause.getMessage(), cause);
        for (int i = from; i < batch.size(); i++) {
            owners.get(i).fail(unknown);
        }
        for (Request owner : owners) {
            owner.done = true;
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forgetEnd() {
        next = -1;
        lastHash = null;
    }

    /** The position the next commit would get: one past the last stored event. */
    long end() {
        lock.lock();
        try {
            if (next < 0) {
                findEndAndHash(readHint());
            } else {
                long end = findEnd(next);
                if (end != next) {
                    findEndAndHash(end);
                }
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes every commit applied so far as durable as an acknowledged write, whoever wrote it:
     * one forced write, to {@link EventLog#DURABILITY_COLLECTION}. The embedded server forces its
     * log as one sequence up to that write, and its file store, so every write applied before it
     * is forced with it, with or without {@code fsync}; on a replica set it is a majority,
     * journaled write after reads that see only majority-committed commits. Called before an
     * answer or a signature rests on commits that were read rather than written by this caller
     * (a replay, "already imported", a looked-up outcome, a checkpoint, an export's trailer).
     * A failure means "not known to be durable" and is thrown.
     */
    void makeDurable() {
        durability.updateOne(
                Filters.eq(StoredFields.ID, BARRIER_ID), Updates.inc("barriers", 1L), new UpdateOptions().upsert(true));
    }

    void writeHint() {
        lock.lock();
        try {
            if (next > 0 && next != hinted) {
                meta.updateOne(
                        Filters.eq(StoredFields.ID, HEAD_ID),
                        Updates.max("next", next),
                        new UpdateOptions().upsert(true));
                hinted = next;
            }
        } finally {
            lock.unlock();
        }
    }

    private void maybeWriteHint() {
        if (next - hinted >= HINT_EVERY) {
            writeHint();
        }
    }

    private long readHint() {
        Document hint = meta.find(Filters.eq(StoredFields.ID, HEAD_ID)).first();
        long position = hint == null ? FIRST_POSITION : hint.getLong("next");
        hinted = position;
        return position;
    }

    /**
     * Sets {@link #next} to the end of the stored commits, walking forward from {@code from}, and
     * {@link #lastHash} to the hash of the event before it. A {@code from} that is not where a
     * stored commit ends (a hint above the true end: events restored without their head, a
     * deleted tail) is not trusted: the end is searched for from the start instead.
     */
    private void findEndAndHash(long from) {
        long start = from;
        if (start > FIRST_POSITION && commitEndingAt(start) == null) {
            start = searchEnd(start);
        }
        long end = findEnd(start);
        Document last = end == FIRST_POSITION ? null : commitEndingAt(end);
        if (end > FIRST_POSITION && last == null) {
            throw new IllegalStateException(
                    "the stored events do not end at a commit boundary at " + end + ": refusing to write after a hole");
        }
        next = end;
        if (last == null) {
            lastHash = EventHash.GENESIS;
        } else {
            List<Document> events = last.getList(StoredFields.EVENTS, Document.class);
            lastHash = events.get(events.size() - 1).getString(StoredFields.HASH);
            lastRecordedAt = events.get(events.size() - 1).getDate(StoredFields.RECORDED_AT);
        }
    }

    /**
     * A boundary at or below {@code above} from which {@link #findEnd} can walk: the end of the
     * highest commit found by binary search over "some commit holds this position".
     */
    private long searchEnd(long above) {
        long low = FIRST_POSITION - 1;
        long high = above;
        // invariant: a commit holds every position <= low (or low is 0); none holds high
        while (high - low > 1) {
            long middle = (low + high) >>> 1;
            if (commitContaining(middle) != null) {
                low = middle;
            } else {
                high = middle;
            }
        }
        if (low < FIRST_POSITION) {
            return FIRST_POSITION;
        }
        Document holder = commitContaining(low);
        return holder.getLong(StoredFields.ID) + holder.getInteger(StoredFields.SIZE);
    }

    /** The commit that ends right before {@code boundary}, or null if none does. */
    private Document commitEndingAt(long boundary) {
        Document last = lastCommitBelow(boundary);
        return last != null && last.getLong(StoredFields.ID) + last.getInteger(StoredFields.SIZE) == boundary
                ? last
                : null;
    }

    private Document commitContaining(long position) {
        Document last = lastCommitBelow(position + 1);
        return last != null && last.getLong(StoredFields.ID) + last.getInteger(StoredFields.SIZE) > position
                ? last
                : null;
    }

    /** The stored commit with the highest first position below {@code boundary}, or null. */
    private Document lastCommitBelow(long boundary) {
        if (boundary <= FIRST_POSITION) {
            return null;
        }
        for (long span = 4; ; span *= 2) {
            long low = Math.max(FIRST_POSITION, boundary - span);
            List<Long> window = new ArrayList<>();
            for (long p = low; p < boundary; p++) {
                window.add(p);
            }
            Document last = null;
            for (Document commit : commits.find(Filters.in(StoredFields.ID, window))) {
                if (last == null || commit.getLong(StoredFields.ID) > last.getLong(StoredFields.ID)) {
                    last = commit;
                }
            }
            if (last != null) {
                return last;
            }
            if (low == FIRST_POSITION) {
                return null;
            }
        }
    }

    /** Walks from a commit boundary to the end of the stored commits, a window of lookups at a time. */
    private long findEnd(long from) {
        long position = from;
        while (true) {
            long windowStart = position;
            List<Long> window = new ArrayList<>(PROBE_WINDOW);
            for (long p = windowStart; p < windowStart + PROBE_WINDOW; p++) {
                window.add(p);
            }
            List<Document> found = commits.find(Filters.in(StoredFields.ID, window))
                    .projection(Projections.include(StoredFields.ID, StoredFields.SIZE))
                    .into(new ArrayList<>());
            found.sort((a, b) -> Long.compare(a.getLong(StoredFields.ID), b.getLong(StoredFields.ID)));
            for (Document commit : found) {
                if (commit.getLong(StoredFields.ID) == position) {
                    position += commit.getInteger(StoredFields.SIZE);
                }
            }
            if (position < windowStart + PROBE_WINDOW) {
                return position;
            }
        }
    }

    /** The insert was refused because its {@code _id}, the position, is taken (not one of its keys). */
    private static boolean isPositionTaken(BulkWriteError error) {
        return error.getCode() == 11000 && error.getMessage().contains(" index: _id_ ");
    }

    /** A commit collided with a stored unique key (an aggregate's sequence number, or a request's key). */
    static final class CommitRefused extends RuntimeException {
        final int index;
        final transient long[] positionsWritten;

        CommitRefused(int index, long[] positionsWritten, MongoBulkWriteException cause) {
            super(cause.getWriteErrors().get(0).getMessage(), cause);
            this.index = index;
            this.positionsWritten = positionsWritten;
        }

        boolean isDuplicateKey() {
            return ((MongoBulkWriteException) getCause())
                            .getWriteErrors()
                            .get(0)
                            .getCode()
                    == 11000;
        }
    }
}
