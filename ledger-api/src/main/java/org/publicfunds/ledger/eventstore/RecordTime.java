package org.publicfunds.ledger.eventstore;

import java.time.Clock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a commit is recorded at (trust review 2, R3). Record times never go backwards (a
 * binary search by time relies on it), so one stamp in the future would hold every later one of
 * every instance at that instant, hashed for ever. So the wall clock is followed only while it
 * moves with the monotonic ticker: the ledger's time is anchored at a reading of both, and a wall
 * clock more than {@link #MAX_STEP_MS} ahead of the anchor plus the time elapsed on the ticker is a
 * step ahead, not followed: the stamp is the ledger's time, and {@link #aheadMillis} says by how
 * much the clock is ahead (a gauge, a log line). A clock that comes back is followed again at once;
 * a step that was right (a clock put right forward) is taken at the next start, which anchors at
 * the clock as it is. Not thread-safe: the writer calls it under its lock.
 */
final class RecordTime {

    private static final Logger log = LoggerFactory.getLogger(RecordTime.class);

    /** The largest step ahead the wall clock may make between two stamps, relative to the ticker. */
    static final long MAX_STEP_MS = 5_000;

    private final Clock clock;
    private final LongSupplier nanos;
    private boolean anchored;
    private long anchorMillis;
    private long anchorNanos;
    private volatile long aheadMillis;

    RecordTime(Clock clock, LongSupplier nanos) {
        this.clock = clock;
        this.nanos = nanos;
    }

    /** The time to record the next commit at, never before {@code last} (the previous stored stamp). */
    long next(long last) {
        long now = clock.millis();
        long ticks = nanos.getAsLong();
        if (!anchored) {
            anchor(Math.max(now, last), ticks);
        }
        long ledgerTime = anchorMillis + (ticks - anchorNanos) / 1_000_000;
        if (now <= ledgerTime + MAX_STEP_MS) {
            if (aheadMillis > 0) {
                log.warn("the clock is back with the ledger's time; record times follow it again");
            }
            aheadMillis = 0;
            anchor(now, ticks);
            return Math.max(last, now);
        }
        if (aheadMillis == 0) {
            log.error(
                    "the clock stepped {} ms ahead of the time elapsed since the last stamp; events are recorded at "
                            + "the ledger's own time until it comes back (or the instance restarts with it)",
                    now - ledgerTime);
        }
        aheadMillis = now - ledgerTime;
        return Math.max(last, ledgerTime);
    }

    private void anchor(long millis, long ticks) {
        anchored = true;
        anchorMillis = millis;
        anchorNanos = ticks;
    }

    /** How far the wall clock is ahead of the ledger's time now, in ms; 0 while it is not. */
    long aheadMillis() {
        return aheadMillis;
    }
}
