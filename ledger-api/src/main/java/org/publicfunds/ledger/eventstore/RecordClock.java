package org.publicfunds.ledger.eventstore;

import java.time.Clock;

/**
 * The clock that stamps {@code recordedAt} on stored events. A type of its own, so that a test
 * can control it without handing every other component that looks for a {@link Clock} bean
 * (event processors, token claims, metrics) the same clock.
 */
public record RecordClock(Clock clock) {}
