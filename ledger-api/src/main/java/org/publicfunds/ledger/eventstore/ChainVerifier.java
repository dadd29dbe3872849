package org.publicfunds.ledger.eventstore;

import java.util.List;
import java.util.function.LongConsumer;
import org.bson.Document;

/**
 * Walks the whole store in global order and recomputes the hash chain: the first position whose
 * stored content does not match its hash, whose link does not match the previous hash, or that
 * is missing while later positions exist, is reported.
 */
public final class ChainVerifier {

    private static final int WINDOW = 500;

    private final MongoEventStorageEngine engine;

    public ChainVerifier(MongoEventStorageEngine engine) {
        this.engine = engine;
    }

    /** {@code ok}: the chain holds up to the head. Otherwise {@code brokenAt} and {@code reason} say where and how. */
    public record Verification(String status, long headPosition, String headHash, long eventsChecked, Long brokenAt,
                               String reason, String detail) {

        static Verification ok(long head, String hash, long checked) {
            return new Verification("ok", head, hash, checked, null, null, null);
        }

        static Verification broken(long head, long position, String reason, String detail, long checked) {
            return new Verification("broken", head, null, checked, position, reason, detail);
        }

        public boolean isOk() {
            return status.equals("ok");
        }
    }

    /** @param progress told the last verified position after every window of events */
    public Verification verify(LongConsumer progress) {
        long head = engine.headPosition();
        long position = CommitWriter.FIRST_POSITION;
        String previous = EventHash.GENESIS;
        long checked = 0;
        while (true) {
            List<StoredCommit> commits = engine.commitsFrom(position, WINDOW);
            if (commits.isEmpty()) {
                break;
            }
            for (StoredCommit commit : commits) {
                for (int i = 0; i < commit.events().size(); i++) {
                    long at = commit.position() + i;
                    if (at < position) {
                        continue;
                    }
                    Document event = commit.events().get(i);
                    String storedPrevious = event.getString(EventHash.PREVIOUS);
                    if (!previous.equals(storedPrevious)) {
                        return Verification.broken(head, at, "link",
                                "the stored previous hash is not the hash of position " + (at - 1), checked);
                    }
                    String hash = EventHash.of(previous, at, commit.aggregateId(), commit.aggregateType(), event);
                    if (!hash.equals(event.getString(EventHash.HASH))) {
                        return Verification.broken(head, at, "content",
                                "the stored content of this event does not match its hash", checked);
                    }
                    previous = hash;
                    checked++;
                }
            }
            position = commits.get(commits.size() - 1).end();
            progress.accept(position - 1);
        }
        if (position <= head) {
            return Verification.broken(head, position, "missing",
                    "position " + position + " is missing while the store goes on to " + head, checked);
        }
        return Verification.ok(position - 1, previous, checked);
    }
}
