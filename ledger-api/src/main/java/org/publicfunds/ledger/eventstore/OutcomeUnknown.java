package org.publicfunds.ledger.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * Events were sent to the store and nothing says whether they were stored: the answer was lost,
 * timed out, or carried only a write-concern error. Never answered as "nothing stored": the
 * commit carries its request's keys, so asking again with the same keys finds the first result
 * or stores it once.
 */
public class OutcomeUnknown extends EventStoreException {

    public OutcomeUnknown(String message, Throwable cause) {
        super(message, cause);
    }
}
