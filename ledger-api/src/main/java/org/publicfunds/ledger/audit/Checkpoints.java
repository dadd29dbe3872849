package org.publicfunds.ledger.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Signs a checkpoint of the head every {@code every} (and at a clean stop) once the chain from
 * the previous checkpoint up to it verifies, and appends it to the {@link CheckpointLog} outside
 * the database. The first checkpoint of a store, including one written before checkpoints
 * existed, is signed after the whole chain verifies (trust on first use: the history up to it is
 * vouched for from then on). A chain that does not verify is never signed: the refusal is answered
 * (409), kept for {@code GET /api/audit/verify} and the health component {@code auditCheckpoints},
 * and logged.
 */
public final class Checkpoints implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final AuditKey key;
    private final CheckpointLog file;
    private final EventLog engine;
    private final List<String> trusted;
    private final Duration every;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "audit-checkpoints");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Checkpoint latest;
    private volatile String problem;
    private volatile boolean running;

    /**
     * @param trustedPublicKeys earlier keys whose checkpoints still count (after a rotation); the current key always does
     */
    public Checkpoints(
            AuditKey key,
            CheckpointLog file,
            EventLog engine,
            List<String> trustedPublicKeys,
            Duration every,
            Clock clock) {
        this.key = key;
        this.file = file;
        this.engine = engine;
        this.trusted = new ArrayList<>(trustedPublicKeys);
        this.trusted.add(key.publicKey());
        this.every = every;
        this.clock = clock;
    }

    /** The checkpoints in the file, each with whether a trusted key signed it. */
    public record Anchors(List<ChainVerifier.Anchor> anchors, List<Checkpoint> unsigned, Checkpoint latest) {}

    public Anchors anchors() {
        List<ChainVerifier.Anchor> anchors = new ArrayList<>();
        List<Checkpoint> unsigned = new ArrayList<>();
        Checkpoint last = null;
        for (Checkpoint checkpoint : file.readAll()) {
            if (checkpoint.isSignedBy(trusted)) {
                anchors.add(new ChainVerifier.Anchor(checkpoint.position(), checkpoint.headHash()));
                if (last == null || checkpoint.position() >= last.position()) {
                    last = checkpoint;
                }
            } else {
                unsigned.add(checkpoint);
            }
        }
        return new Anchors(anchors, unsigned, last);
    }

    public AuditKey key() {
        return key;
    }

    /** The latest checkpoint this instance signed or found, or null before the first. */
    public Checkpoint latest() {
        return latest;
    }

    /** Why checkpoints are not being signed (the chain did not verify), or null. */
    public String problem() {
        return problem;
    }

    /**
     * Signs a checkpoint of the head now, if the chain since the last one verifies, and returns
     * the latest (null for an empty store); a chain that does not verify is refused loudly
     * ({@link ProblemException} {@code checkpoint-refused} with the reason, kept in {@link #problem()}).
     */
    public synchronized Checkpoint checkpoint() {
        long head = engine.headPosition();
        Checkpoint last = latest != null ? latest : anchors().latest();
        if (head == 0 || last != null && last.position() >= head) {
            latest = last;
            return last;
        }
        ChainVerifier verifier = new ChainVerifier(engine);
        ChainVerifier.Verification verified = last == null
                ? verifier.verify(p -> {})
                : verifier.verify(last.position() + 1, last.headHash(), head, List.of(), p -> {});
        if (!verified.isOk()) {
            problem = "the chain does not verify at position " + verified.brokenAt() + " (" + verified.reason()
                    + "): no checkpoint is signed until it is explained";
            log.error("audit: {}", problem);
            throw new ProblemException(ErrorCode.CHECKPOINT_REFUSED, null, problem);
        }
        // what was verified may include commits applied and not yet forced (this instance's group in flight, another
        // instance's): on disk before they are signed, or a power cut would make the signature accuse an honest store
        engine.makeDurable();
        Checkpoint checkpoint = Checkpoint.sign(key, verified.headPosition(), verified.headHash(), clock.instant());
        file.append(checkpoint);
        if (last == null) {
            log.info(
                    "audit: first signed checkpoint of this store at position {} (the whole chain verified), in {}",
                    checkpoint.position(),
                    file.file().toAbsolutePath());
        }
        latest = checkpoint;
        problem = null;
        return checkpoint;
    }

    private void tick() {
        try {
            checkpoint();
        } catch (ProblemException refused) {
            // logged, kept in problem(), shown by verify and health
        } catch (RuntimeException e) {
            log.warn("audit: could not sign a checkpoint; trying again", e);
        }
    }

    @Override
    public void start() {
        running = true;
        timer.schedule(this::tick, 0, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
        tick();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the event store's client closes, starts after it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
