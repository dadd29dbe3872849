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
    private static final String HEAD_ID = "head";
    private static final int HINT_EVERY = 1024;
    private static final int PROBE_WINDOW = 128;

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> meta;
    private final Durability durability;
    private final ReentrantLock lock = new ReentrantLock();
    private long next = -1;
    private long hinted = -1;

    CommitWriter(MongoCollection<Document> commits, MongoCollection<Document> meta, Durability durability) {
        this.commits = commits;
        this.meta = meta;
        this.durability = durability;
    }

    /**
     * Writes the commits in order, atomically each, and returns the position of each commit's
     * first event. A commit that collides with an existing (aggregate, sequence) is not written;
     * commits before it are, commits after it are not.
     */
    long[] write(List<Document> batch) {
        lock.lock();
        try {
            if (next < 0) {
                next = findEnd(readHint());
            }
            long[] positions = new long[batch.size()];
            int done = 0;
            while (done < batch.size()) {
                List<Document> pending = batch.subList(done, batch.size());
                long position = next;
                for (Document commit : pending) {
                    commit.put("_id", position);
                    position += commit.getInteger("size");
                }
                try {
                    commits.insertMany(pending, new InsertManyOptions().ordered(true));
                    for (int i = done; i < batch.size(); i++) {
                        positions[i] = batch.get(i).getLong("_id");
                    }
                    done = batch.size();
                    next = position;
                    durability.makeDurable();
                } catch (MongoBulkWriteException e) {
                    BulkWriteError error = e.getWriteErrors().get(0);
                    int failed = done + error.getIndex();
                    for (int i = done; i < failed; i++) {
                        positions[i] = batch.get(i).getLong("_id");
                    }
                    if (failed > done) {
                        Document last = batch.get(failed - 1);
                        next = last.getLong("_id") + last.getInteger("size");
                    }
                    done = failed;
                    if (isPositionTaken(error)) {
                        next = findEnd(next);
                    } else {
                        throw new CommitRefused(failed, positions, e);
                    }
                }
            }
            maybeWriteHint();
            return positions;
        } finally {
            lock.unlock();
        }
    }

    /** The position the next commit would get: one past the last stored event. */
    long end() {
        lock.lock();
        try {
            next = findEnd(next < 0 ? readHint() : next);
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

    private static boolean isPositionTaken(BulkWriteError error) {
        return error.getCode() == 11000 && error.getMessage().contains("_id_");
    }

    /** A commit collided with a stored (aggregate, sequence) or failed otherwise. */
    static final class CommitRefused extends RuntimeException {
        final int index;
        final long[] positionsWritten;

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
