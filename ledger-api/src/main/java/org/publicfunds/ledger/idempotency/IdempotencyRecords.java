package org.publicfunds.ledger.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * The answers given to requests sent with an {@code Idempotency-Key}, kept so that a retry gets
 * the same bytes, and a reservation while the first request runs, so that two requests with one
 * key are never processed at once.
 *
 * <p>A reservation is a lease held by one run of one instance ({@code node}, {@code boot}). It
 * never stays for good: once its holder is known to have stopped working on it (the same node
 * started again, or this run finished the request but could not write its answer) or its lease
 * has run out, the next request with the key takes it over. That is safe even if the first holder
 * is only slow: what a command stores carries the request's keys, so the store itself refuses to
 * store it twice and hands back the first result. Records expire after {@code retention}; a retry
 * after that still finds a stored command in the store.
 */
public class IdempotencyRecords {

    static final String COLLECTION = "idempotency_keys";

    /** What to do with a request. */
    public sealed interface Reservation {}

    /** Run it: the key is reserved for this request. */
    public record Reserved(boolean takenOver) implements Reservation {}

    /** Answer it with the first response, stored. */
    public record Replay(int status, String contentType, String location, byte[] body) implements Reservation {}

    /** Another request with this key is running; retry after {@code retryAfter}. */
    public record InUse(Duration retryAfter) implements Reservation {}

    /** The key was used for a different request. */
    public record Reused() implements Reservation {}

    private final MongoCollection<Document> records;
    private final Clock clock;
    private final String node;
    private final String boot = UUID.randomUUID().toString();
    private final Duration lease;
    /** The reservations this process holds and is running now: one it holds but is not running was left by a failed write. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * @param node  this instance's stable name: a reservation held by an earlier run of the same
     *              node is taken over at once
     * @param lease how long a reservation holds against requests from elsewhere
     */
    public IdempotencyRecords(MongoDatabase database, Clock clock, String node, Duration lease) {
        this.records = database.getCollection(COLLECTION);
        this.clock = clock;
        this.node = node;
        this.lease = lease;
    }

    public Reservation reserve(String id, String fingerprint) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Instant now = clock.instant();
            try {
                records.insertOne(new Document("_id", id)
                        .append("fingerprint", fingerprint)
                        .append("state", "pending")
                        .append("node", node)
                        .append("boot", boot)
                        .append("leaseUntil", Date.from(now.plus(lease)))
                        .append("createdAt", Date.from(now)));
                running.add(id);
                return new Reserved(false);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document stored = records.find(Filters.eq("_id", id)).first();
            if (stored == null) {
                continue;
            }
            if (!fingerprint.equals(stored.getString("fingerprint"))) {
                return new Reused();
            }
            if ("done".equals(stored.getString("state"))) {
                return new Replay(
                        stored.getInteger("status"),
                        stored.getString("contentType"),
                        stored.getString("location"),
                        stored.get("body", Binary.class).getData());
            }
            // a reservation from before leases were kept has none: it is stale
            Date leaseDate = stored.getDate("leaseUntil");
            Instant leaseUntil = leaseDate == null ? Instant.EPOCH : leaseDate.toInstant();
            // held by an earlier run of this node (it died), or by this run but no longer running (its answer
            // or release could not be written): nobody is working on it
            boolean abandoned = boot.equals(stored.getString("boot"))
                    ? !running.contains(id)
                    : node.equals(stored.getString("node"));
            if (!abandoned && leaseUntil.isAfter(now)) {
                return new InUse(Duration.between(now, leaseUntil));
            }
            Document taken = records.findOneAndUpdate(
                    Filters.and(
                            Filters.eq("_id", id),
                            Filters.eq("state", "pending"),
                            Filters.eq("boot", stored.getString("boot")),
                            Filters.eq("leaseUntil", stored.getDate("leaseUntil"))),
                    Updates.combine(
                            Updates.set("node", node),
                            Updates.set("boot", boot),
                            Updates.set("leaseUntil", Date.from(now.plus(lease)))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (taken != null) {
                running.add(id);
                return new Reserved(true);
            }
        }
        return new InUse(Duration.ofSeconds(1));
    }

    /** Keeps the answer to a reserved request, unless another holder took the key over and answered first. */
    public void complete(String id, String fingerprint, int status, String contentType, String location, byte[] body) {
        running.remove(id);
        records.replaceOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("state", "pending")),
                new Document("_id", id)
                        .append("fingerprint", fingerprint)
                        .append("state", "done")
                        .append("status", status)
                        .append("contentType", contentType)
                        .append("location", location)
                        .append("body", new Binary(body))
                        .append("createdAt", Date.from(clock.instant())));
    }

    /** Gives the key back after a request that failed: a retry runs it again (and finds anything it stored). */
    public void release(String id) {
        running.remove(id);
        records.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("state", "pending"), Filters.eq("boot", boot)));
    }

    /** How many records one step of the expiry deletes: each step is short, so keyed requests go on between them. */
    static final int EXPIRY_BATCH = 500;

    /**
     * Forgets answers older than {@code retention} and reservations whose lease ran out that long
     * ago, {@value #EXPIRY_BATCH} at a time (trust review 2, R1: one delete of a day's records held
     * the store for the whole scan); returns how many.
     */
    public long expire(Duration retention) {
        Date cutoff = Date.from(clock.instant().minus(retention));
        Bson expired = Filters.or(
                Filters.and(Filters.eq("state", "done"), Filters.lt("createdAt", cutoff)),
                Filters.and(Filters.eq("state", "pending"), Filters.lt("leaseUntil", cutoff)));
        long deleted = 0;
        while (true) {
            List<Object> ids = new ArrayList<>();
            records.find(expired)
                    .projection(Projections.include("_id"))
                    .limit(EXPIRY_BATCH)
                    .forEach(record -> ids.add(record.get("_id")));
            if (ids.isEmpty()) {
                return deleted;
            }
            // by id alone: the embedded server serves an _id lookup from its index only when nothing else is asked
            // (a second condition makes it scan the collection, holding every write). A record found expired stays
            // so: an answer is kept a day after its request, a reservation's lease ran out a day ago
            deleted += records.deleteMany(Filters.in("_id", ids)).getDeletedCount();
            if (ids.size() < EXPIRY_BATCH) {
                return deleted;
            }
        }
    }
}
