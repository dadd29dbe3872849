package org.publicfunds.ledger.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.bson.Document;
import org.publicfunds.ledger.eventstore.EventHash;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.eventstore.StoredCommit;
import org.publicfunds.ledger.eventstore.StoredEvent;
import org.publicfunds.ledger.eventstore.StoredFields;

/**
 * Walks the store in global order and recomputes the hash chain. Reported: the first position
 * whose stored content does not match its hash ({@code content}), whose link does not match the
 * previous hash ({@code link}), that is missing while later ones exist ({@code missing}), whose
 * commit's unique keys, first sequence number or size are not the ones its events give
 * ({@code keys}: these are not hashed, but every one of them follows from what is, so they are
 * checked instead), or whose hash is not the one a signed checkpoint recorded for it
 * ({@code checkpoint}); and a store that ends before a signed checkpoint ({@code missing}).
 */
public final class ChainVerifier {

    private static final int WINDOW = 500;

    private final EventLog engine;

    public ChainVerifier(EventLog engine) {
        this.engine = engine;
    }

    /** A hash the chain must have at a position: a signed checkpoint's, checked elsewhere. */
    public record Anchor(long position, String hash) {}

    /** {@code ok}: the chain holds up to the head. Otherwise {@code brokenAt} and {@code reason} say where and how. */
    public record Verification(
            String status,
            long headPosition,
            String headHash,
            long eventsChecked,
            Long brokenAt,
            String reason,
            String detail) {

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

    /** Verifies the whole store. */
    public Verification verify(LongConsumer progress) {
        return verify(List.of(), progress);
    }

    /** Verifies the whole store, and that it has the hash of every anchor at its position. */
    public Verification verify(List<Anchor> anchors, LongConsumer progress) {
        return verify(EventLog.FIRST_POSITION, EventHash.GENESIS, Long.MAX_VALUE, anchors, progress);
    }

    /**
     * Verifies from {@code from}, whose previous hash must be {@code previousHash} (a position a
     * verified checkpoint vouches for), up to {@code to} or the head.
     */
    public Verification verify(long from, String previousHash, long to, List<Anchor> anchors, LongConsumer progress) {
        long head = engine.headPosition();
        Walk walk = new Walk(from, previousHash, anchors);
        long position = from;
        if (from > EventLog.FIRST_POSITION) {
            // the walk starts mid-store: the commit holding the position before it gives its first boundary
            position = engine.commitAt(from - 1).map(StoredCommit::end).orElse(from);
            if (position != from) {
                return Verification.broken(head, from, "missing", "position " + from + " does not start a commit", 0);
            }
        }
        while (position <= to) {
            List<StoredCommit> commits = engine.commitsFrom(position, WINDOW);
            if (commits.isEmpty()) {
                break;
            }
            for (StoredCommit commit : commits) {
                if (commit.end() <= position) {
                    continue;
                }
                Verification broken = walk.accept(commit, head);
                if (broken != null) {
                    return broken;
                }
            }
            position = commits.get(commits.size() - 1).end();
            progress.accept(position - 1);
        }
        return walk.end(head);
    }

    /** The chain checked one commit at a time, as a verify walks the store or an export streams it. */
    /** The reason for an aggregate's sequence numbers that skip or repeat across commits. */
    public static final String SEQUENCE = "sequence";

    public static final class Walk {
        private final List<Anchor> anchors;
        private int nextAnchor;
        private long expected;
        private String previous;
        private long checked;
        /** The request keys the previous commit carried: a request's later commits need not carry them again. */
        private List<String> previousRequestKeys = List.of();
        /**
         * The sequence number each aggregate's next event must have. A walk from the first position
         * knows every aggregate from its first event (sequence 0); one from a checkpoint learns each
         * from the first it meets.
         */
        private final Map<String, Long> nextSequence = new HashMap<>();

        private final boolean fromTheStart;

        public Walk(long from, String previousHash, List<Anchor> anchors) {
            this.fromTheStart = from <= EventLog.FIRST_POSITION;
            this.expected = from;
            this.previous = previousHash;
            this.anchors = new ArrayList<>(anchors);
            this.anchors.sort(Comparator.comparingLong(Anchor::position));
            while (nextAnchor < this.anchors.size()
                    && this.anchors.get(nextAnchor).position() < from) {
                nextAnchor++;
            }
        }

        /** Checks the next commit; null if it holds, else where and how it is broken. */
        public Verification accept(StoredCommit commit, long head) {
            if (commit.position() > expected) {
                return Verification.broken(
                        head,
                        expected,
                        "missing",
                        "position " + expected + " is missing while the store goes on to " + head,
                        checked);
            }
            String keys = keysProblem(commit);
            if (keys != null) {
                return Verification.broken(head, commit.position(), StoredFields.KEYS, keys, checked);
            }
            if (commit.end() > expected) {
                String sequence = sequenceProblem(
                        commit.aggregateId(),
                        commit.firstSequence(),
                        commit.events().size());
                if (sequence != null) {
                    return Verification.broken(head, commit.position(), SEQUENCE, sequence, checked);
                }
            }
            for (int i = 0; i < commit.events().size(); i++) {
                long at = commit.position() + i;
                if (at < expected) {
                    continue;
                }
                Verification broken = event(
                        at,
                        commit.aggregateId(),
                        commit.aggregateType(),
                        commit.events().get(i),
                        head);
                if (broken != null) {
                    return broken;
                }
            }
            return null;
        }

        /** Checks the next event of an export, which carries events, not commits. */
        public Verification acceptExported(StoredEvent event) {
            if (event.position() != expected) {
                return Verification.broken(
                        Math.max(event.position(), expected),
                        expected,
                        "missing",
                        "position " + expected + " is missing (the export goes on at " + event.position() + ")",
                        checked);
            }
            // an export's numbers are read back from JSON: small ones as integers
            String sequence = sequenceProblem(
                    event.aggregateId(), ((Number) event.event().get(StoredFields.SEQUENCE)).longValue(), 1);
            if (sequence != null) {
                return Verification.broken(event.position(), event.position(), SEQUENCE, sequence, checked);
            }
            return event(event.position(), event.aggregateId(), event.aggregateType(), event.event(), event.position());
        }

        /**
         * Whether these events continue their aggregate's sequence without a gap or an overlap
         * (trust review 2, S2): inside a commit the keys check it, across commits only this does.
         */
        private String sequenceProblem(String aggregateId, long first, int events) {
            Long next = nextSequence.get(aggregateId);
            if (next == null && fromTheStart) {
                next = 0L;
            }
            if (next != null && first != next) {
                return "the aggregate " + aggregateId + "'s events go on at sequence " + first + " where " + next
                        + " was next";
            }
            nextSequence.put(aggregateId, first + events);
            return null;
        }

        private Verification event(long at, String aggregateId, String aggregateType, Document event, long head) {
            if (!previous.equals(event.getString(StoredFields.PREVIOUS_HASH))) {
                return Verification.broken(
                        head, at, "link", "the stored previous hash is not the hash of position " + (at - 1), checked);
            }
            String hash = EventHash.of(previous, at, aggregateId, aggregateType, event);
            if (!hash.equals(event.getString(StoredFields.HASH))) {
                return Verification.broken(
                        head, at, "content", "the stored content of this event does not match its hash", checked);
            }
            while (nextAnchor < anchors.size() && anchors.get(nextAnchor).position() == at) {
                if (!anchors.get(nextAnchor).hash().equals(hash)) {
                    return Verification.broken(
                            head,
                            at,
                            "checkpoint",
                            "this event's hash is not the one a signed checkpoint " + "recorded for position " + at
                                    + ": the history up to here was rewritten",
                            checked);
                }
                nextAnchor++;
            }
            previous = hash;
            expected = at + 1;
            checked++;
            return null;
        }

        /** The walk reached the end of what is stored (or exported). */
        public Verification end(long head) {
            long last = expected - 1;
            if (nextAnchor < anchors.size()) {
                Anchor beyond = anchors.get(anchors.size() - 1);
                return Verification.broken(
                        Math.max(head, last),
                        expected,
                        "missing",
                        "the history ends at position " + last + " but a signed checkpoint vouches for position "
                                + beyond.position() + ": events were removed",
                        checked);
            }
            if (last < head) {
                return Verification.broken(
                        head,
                        expected,
                        "missing",
                        "position " + expected + " is missing while the store goes on to " + head,
                        checked);
            }
            return Verification.ok(last, previous, checked);
        }

        public long position() {
            return expected - 1;
        }

        public String hash() {
            return previous;
        }

        public long checked() {
            return checked;
        }

        /**
         * The commit's unique keys, first sequence number and size are not hashed; each follows from
         * its events, which are: one key per event ({@code aggregate:sequence}) in order, then the
         * request keys its first event names in its metadata (unless the commit before carried the
         * same request's), nothing else.
         */
        private String keysProblem(StoredCommit commit) {
            List<Document> events = commit.events();
            if (events.isEmpty()) {
                return "a commit without events";
            }
            if (commit.firstSequence() != events.get(0).getLong(StoredFields.SEQUENCE)) {
                return "its first sequence number is not its first event's";
            }
            List<String> expectedKeys = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).getLong(StoredFields.SEQUENCE) != commit.firstSequence() + i) {
                    return "its events' sequence numbers do not follow each other";
                }
                expectedKeys.add(commit.aggregateId() + ":" + (commit.firstSequence() + i));
            }
            Document metaData = events.get(0).get(StoredFields.META_DATA, Document.class);
            List<String> requestKeys =
                    metaData == null ? List.of() : metaData.getList(RequestKeys.METADATA, String.class, List.of());
            List<String> carried = commit.keys()
                    .subList(
                            Math.min(events.size(), commit.keys().size()),
                            commit.keys().size());
            boolean sameRequestAsBefore = !requestKeys.isEmpty() && requestKeys.equals(previousRequestKeys);
            previousRequestKeys = requestKeys;
            if (!commit.keys()
                    .subList(0, Math.min(events.size(), commit.keys().size()))
                    .equals(expectedKeys)) {
                return "its keys are not its events' (aggregate, sequence) pairs";
            }
            if (!(carried.equals(requestKeys) || carried.isEmpty() && sameRequestAsBefore)) {
                return "its request keys are not the ones its first event names";
            }
            if (!Objects.equals(commit.size(), events.size())) {
                return "its size is not its number of events";
            }
            return null;
        }
    }
}
