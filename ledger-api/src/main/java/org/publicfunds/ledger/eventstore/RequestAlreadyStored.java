package org.publicfunds.ledger.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/** A commit was refused because a commit with one of its request keys is already stored: a retry of a stored request. */
public class RequestAlreadyStored extends EventStoreException {

    private final transient StoredRequest stored;

    public RequestAlreadyStored(StoredRequest stored, Throwable cause) {
        super("the request is already stored at position " + stored.position(), cause);
        this.stored = stored;
    }

    public StoredRequest stored() {
        return stored;
    }
}
