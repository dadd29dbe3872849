package org.publicfunds.ledger.eventstore;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The clock that stamps {@code recordedAt} on stored events, with the monotonic ticker that
 * bounds it: a step of the wall clock ahead of the time elapsed on the ticker is not followed
 * ({@link RecordTime}). A type of its own, so that a test can control it without handing every
 * other component that looks for a {@link Clock} bean (event processors, token claims, metrics)
 * the same clock; a test whose clock jumps on purpose gives a ticker that jumps with it.
 */
public record RecordClock(Clock clock, LongSupplier nanos) {

    /** The clock, bounded by this JVM's monotonic clock. */
    public RecordClock(Clock clock) {
        this(clock, System::nanoTime);
    }
}
