package org.publicfunds.ledger.eventstore;

import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * The size a commit will have once stored, checked before it is sent: MongoDB refuses a document
 * over 16 MiB, and the driver refuses it before sending, which a writer must not mistake for a
 * lost answer (trust review 2, R2). The writer adds to each event its record time and two hashes,
 * and to the commit its position; their size is measured once on a sample, not assumed.
 */
final class CommitSize {

    /** MongoDB's largest document, less a margin for what the driver may add around it. */
    static final long LIMIT = 16L * 1024 * 1024 - 16 * 1024;

    /**
     * Commits of at most this many events are not measured: each event's payload comes from a
     * request body (64 KiB, or an import's 5 MiB for all its rows) and its metadata is bounded,
     * so they stay far below the limit; what can pass it is an import of thousands of rows.
     */
    static final int UNCHECKED_EVENTS = 100;

    private static final DocumentCodec CODEC = new DocumentCodec();
    /** What sealing adds to each event (record time, previous hash, hash). */
    private static final long SEALED_EVENT;
    /** What giving the commit its position adds (a long in place of null). */
    private static final long POSITIONED_COMMIT;

    static {
        Document event = new Document(StoredFields.EVENT_ID, "x");
        long plain = size(event);
        event.put(StoredFields.RECORDED_AT, new Date(0));
        event.put(StoredFields.PREVIOUS_HASH, EventHash.GENESIS);
        event.put(StoredFields.HASH, EventHash.GENESIS);
        SEALED_EVENT = size(event) - plain;
        Document commit = new Document(StoredFields.ID, null);
        long unpositioned = size(commit);
        commit.put(StoredFields.ID, Long.MAX_VALUE);
        POSITIONED_COMMIT = size(commit) - unpositioned;
    }

    private CommitSize() {}

    private static long size(Document document) {
        return new RawBsonDocument(document, CODEC).getByteBuffer().remaining();
    }

    /** Throws {@link CommitTooLarge} if the commit, as built and not yet sealed, would not fit once stored. */
    static void require(Document commit) {
        List<Document> events = commit.getList(StoredFields.EVENTS, Document.class);
        if (events.size() <= UNCHECKED_EVENTS) {
            return;
        }
        long bytes = size(commit) + POSITIONED_COMMIT + SEALED_EVENT * events.size();
        if (bytes <= LIMIT) {
            return;
        }
        throw new CommitTooLarge(bytes, LIMIT, events.size());
    }
}
