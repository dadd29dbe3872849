package org.publicfunds.ledger.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/** Events were not stored, certainly: they were never sent, or the store refused them whole. Safe to retry. */
public class NotStored extends EventStoreException {

    public NotStored(String message, Throwable cause) {
        super(message, cause);
    }
}
