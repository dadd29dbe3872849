package org.publicfunds.ledger.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live instance per node id (trust review 2, O2). Claims on processing segments and on
 * idempotency keys carry the node id, and two live instances with one id (a Deployment that sets
 * {@code LEDGER_NODE_ID} once, hosts whose names do not resolve) would each take the other's as
 * its own. So each run records itself in {@code nodes} as {@code (node, boot)} and beats a counter
 * there every {@link #BEAT}; a start that finds another boot under its node id watches the counter
 * for {@link #WATCH}: if it moves, a live instance has the id and the start is refused; if not, the
 * earlier run is dead (killed, its host gone) and the new one takes the id over. A clean stop lets
 * it go, so a restart does not wait. No clock is compared: only whether the counter moves.
 */
public final class NodeLease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

    static final String COLLECTION = "nodes";
    /** How often a live run beats. */
    public static final Duration BEAT = Duration.ofSeconds(1);
    /**
     * How long a start watches another boot's counter: long enough that a live run's beat is seen
     * even when it waited behind a slow write (up to the store timeout, 5 s by default).
     */
    public static final Duration WATCH = BEAT.multipliedBy(8);

    /** Another live instance holds this node id. */
    public static final class NodeIdInUse extends IllegalStateException {
        NodeIdInUse(String message) {
            super(message);
        }
    }

    private final MongoCollection<Document> nodes;
    private final MongoCollection<Document> beats;
    private final String node;
    private final String boot = UUID.randomUUID().toString();
    private final ScheduledExecutorService beating = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "node-lease");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean lost;

    private NodeLease(MongoDatabase database, String node) {
        this.nodes = database.getCollection(COLLECTION);
        // a beat need not survive a power cut: only that it moves matters
        this.beats = nodes.withWriteConcern(nodes.getWriteConcern().withJournal(false));
        this.node = node;
    }

    /** Takes the node id for this run, waiting out a dead earlier run; refused while a live one holds it. */
    public static NodeLease acquire(MongoDatabase database, String node) {
        NodeLease lease = new NodeLease(database, node);
        lease.take();
        lease.beating.scheduleWithFixedDelay(lease::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        return lease;
    }

    private void take() {
        for (int attempt = 0; attempt < 5; attempt++) {
            Document held = nodes.find(Filters.eq("_id", node)).first();
            if (held == null) {
                try {
                    nodes.insertOne(
                            new Document("_id", node).append("boot", boot).append("beat", 0L));
                    return;
                } catch (com.mongodb.MongoWriteException e) {
                    if (e.getError().getCode() != 11000) {
                        throw e;
                    }
                    continue; // another start got there first: look again
                }
            }
            long beat = held.get("beat", Number.class).longValue();
            String other = held.getString("boot");
            log.info("node id {}: held by an earlier run ({}); watching it for {} s", node, other, WATCH.toSeconds());
            pause(WATCH);
            Document now = nodes.find(Filters.eq("_id", node)).first();
            if (now != null
                    && (!other.equals(now.getString("boot"))
                            || now.get("beat", Number.class).longValue() != beat)) {
                throw new NodeIdInUse("another live instance runs with the node id " + node
                        + " (its lease in the nodes collection keeps beating): give each instance its own "
                        + "ledger.node-id (LEDGER_NODE_ID)");
            }
            if (nodes.updateOne(
                                    Filters.and(
                                            Filters.eq("_id", node),
                                            Filters.eq("boot", other),
                                            Filters.eq("beat", beat)),
                                    Updates.combine(Updates.set("boot", boot), Updates.set("beat", 0L)))
                            .getModifiedCount()
                    == 1) {
                log.info("node id {}: the earlier run is gone; this run takes the id over", node);
                return;
            }
        }
        throw new NodeIdInUse("could not take the node id " + node + ": other starts keep taking it");
    }

    private void beat() {
        try {
            if (beats.updateOne(Filters.and(Filters.eq("_id", node), Filters.eq("boot", boot)), Updates.inc("beat", 1L))
                            .getMatchedCount()
                    == 0) {
                if (!lost) {
                    log.error("node id {}: another run took this node id over; this instance must stop", node);
                }
                lost = true;
            }
        } catch (RuntimeException e) {
            log.debug("node lease beat failed; trying again", e);
        }
    }

    /** Whether another run took this node id over (this one missed beats long enough to look dead). */
    public boolean lost() {
        return lost;
    }

    public String node() {
        return node;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching the node id", e);
        }
    }

    /** Lets the id go: the next start of this node takes it at once. */
    @Override
    public void close() {
        beating.shutdownNow();
        try {
            nodes.deleteOne(Filters.and(Filters.eq("_id", node), Filters.eq("boot", boot)));
        } catch (RuntimeException e) {
            log.warn("node id {}: could not let the id go; the next start waits {} s", node, WATCH.toSeconds(), e);
        }
    }
}
