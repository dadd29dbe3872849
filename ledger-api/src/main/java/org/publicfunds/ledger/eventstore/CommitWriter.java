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
 */
final class CommitWriter {

    static final long FIRST_POSITION = 1;
    /** When the store recorded an event: non-decreasing along the global order, unlike creation timestamps. */
    static final String RECORDED_AT = "recordedAt";
    private static final String HEAD_ID = "head";
    private static final int HINT_EVERY = 1024;
    private static final int PROBE_WINDOW = 128;

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> meta;
    private final ReentrantLock lock = new ReentrantLock();
    private long next = -1;
    /** The hash of the event at {@code next - 1}: where the chain continues. */
    private String lastHash;
    /** When the event at {@code next - 1} was recorded: record times never go backwards. */
    private java.util.Date lastRecordedAt = new java.util.Date(0);
    private final java.time.Clock clock;
    private long hinted = -1;

    CommitWriter(MongoCollection<Document> commits, MongoCollection<Document> meta, java.time.Clock clock) {
        this.commits = commits;
        this.meta = meta;
        this.clock = clock;
    }

    /** One caller's commits, waiting to be written with whatever else is pending. */
    private static final class Request {
        final List<Document> commits;
        final long[] positions;
        RuntimeException failure;
        boolean done;

        Request(List<Document> commits) {
            this.commits = commits;
            this.positions = new long[commits.size()];
        }
    }

    private final Object queue = new Object();
    private List<Request> pending = new ArrayList<>();
    private boolean writing;

    /**
     * Writes the commits in order, atomically each, and returns the position of each commit's
     * first event. A commit that collides with an existing (aggregate, sequence) is not written;
     * commits before it are, commits after it are not.
     *
     * <p>Group commit: callers arriving while a write is under way queue up, and the next writer
     * stores everything queued in one ordered {@code insertMany} and makes it durable once.
     */
    long[] write(List<Document> commits) {
        Request request = new Request(commits);
        List<Request> group;
        synchronized (queue) {
            pending.add(request);
            while (true) {
                if (request.done) {
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
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to store events", e);
                }
            }
        }
        try {
            writeGroup(group);
        } catch (RuntimeException e) {
            for (Request r : group) {
                if (!r.done) {
                    r.failure = e;
                    r.done = true;
                }
            }
        } finally {
            synchronized (queue) {
                writing = false;
                queue.notifyAll();
            }
        }
        return result(request);
    }

    private static long[] result(Request request) {
        if (request.failure != null) {
            throw request.failure;
        }
        return request.positions;
    }

    private void writeGroup(List<Request> group) {
        lock.lock();
        try {
            if (next < 0) {
                next = findEnd(readHint());
                lastHash = hashBefore(next);
            }
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
            int done = 0;
            while (done < batch.size()) {
                List<Document> remaining = batch.subList(done, batch.size());
                long position = next;
                String previous = lastHash;
                java.util.Date recordedAt = new java.util.Date(Math.max(lastRecordedAt.getTime(), clock.millis()));
                for (Document commit : remaining) {
                    commit.put("_id", position);
                    for (Document event : commit.getList("events", Document.class)) {
                        event.put(RECORDED_AT, recordedAt);
                    }
                    previous = EventHash.seal(commit, position, previous);
                    position += commit.getInteger("size");
                }
                int stored;
                BulkWriteError error = null;
                MongoBulkWriteException failure = null;
                try {
                    commits.insertMany(remaining, new InsertManyOptions().ordered(true));
                    stored = remaining.size();
                } catch (MongoBulkWriteException e) {
                    failure = e;
                    error = e.getWriteErrors().get(0);
                    stored = error.getIndex();
                }
                for (int i = done; i < done + stored; i++) {
                    owners.get(i).positions[indexes.get(i)] = batch.get(i).getLong("_id");
                    next = batch.get(i).getLong("_id") + batch.get(i).getInteger("size");
                    List<Document> events = batch.get(i).getList("events", Document.class);
                    lastHash = events.get(events.size() - 1).getString(EventHash.HASH);
                    lastRecordedAt = events.get(events.size() - 1).getDate(RECORDED_AT);
                }
                done += stored;
                if (error == null) {
                    break;
                }
                if (isPositionTaken(error)) {
                    next = findEnd(next);
                    lastHash = hashBefore(next);
                    continue;
                }
                // this commit is refused; the rest of its caller's commits are not written
                Request refused = owners.get(done);
                refused.failure = new CommitRefused(indexes.get(done), refused.positions, failure);
                refused.done = true;
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

    /** The position the next commit would get: one past the last stored event. */
    long end() {
        lock.lock();
        try {
            long end = findEnd(next < 0 ? readHint() : next);
            if (end != next) {
                next = end;
                lastHash = hashBefore(next);
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    void writeHint() {
        lock.lock();
        try {
            if (next > 0 && next != hinted) {
                meta.updateOne(Filters.eq("_id", HEAD_ID), Updates.max("next", next), new UpdateOptions().upsert(true));
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
        Document hint = meta.find(Filters.eq("_id", HEAD_ID)).first();
        long position = hint == null ? FIRST_POSITION : hint.getLong("next");
        hinted = position;
        return position;
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
            List<Document> found = commits.find(Filters.in("_id", window))
                    .projection(Projections.include("_id", "size"))
                    .into(new ArrayList<>());
            found.sort((a, b) -> Long.compare(a.getLong("_id"), b.getLong("_id")));
            for (Document commit : found) {
                if (commit.getLong("_id") == position) {
                    position += commit.getInteger("size");
                }
            }
            if (position < windowStart + PROBE_WINDOW) {
                return position;
            }
        }
    }

    /** The hash of the last event before a commit boundary, read from the store. */
    private String hashBefore(long boundary) {
        if (boundary == FIRST_POSITION) {
            return EventHash.GENESIS;
        }
        for (long span = 4; ; span *= 2) {
            long low = Math.max(FIRST_POSITION, boundary - span);
            List<Long> window = new ArrayList<>();
            for (long p = low; p < boundary; p++) {
                window.add(p);
            }
            Document last = null;
            for (Document commit : commits.find(Filters.in("_id", window))) {
                if (last == null || commit.getLong("_id") > last.getLong("_id")) {
                    last = commit;
                }
            }
            if (last != null) {
                List<Document> events = last.getList("events", Document.class);
                lastRecordedAt = events.get(events.size() - 1).getDate(RECORDED_AT);
                return events.get(events.size() - 1).getString(EventHash.HASH);
            }
            if (low == FIRST_POSITION) {
                throw new IllegalStateException("no stored event before position " + boundary);
            }
        }
    }

    private static boolean isPositionTaken(BulkWriteError error) {
        return error.getCode() == 11000 && error.getMessage().contains("_id_");
    }

    /** A commit collided with a stored (aggregate, sequence) or failed otherwise. */
    static final class CommitRefused extends RuntimeException {
        final int index;
        final transient long[] positionsWritten;

        CommitRefused(int index, long[] positionsWritten, MongoBulkWriteException cause) {
            super(cause.getWriteErrors().get(0).getMessage(), cause);
            this.index = index;
            this.positionsWritten = positionsWritten;
        }

        boolean isDuplicateKey() {
            return ((MongoBulkWriteException) getCause()).getWriteErrors().get(0).getCode() == 11000;
        }
    }
}
